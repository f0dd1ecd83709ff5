/**
 * Per replica, in journal order: every applied write must come after all writes that happened
 * before it (by its clock), and no write may be applied twice.
 */
import {
  appliedWrite,
  clockEntry,
  formatWriteId,
  type JournalEvent,
  type JournaledWrite,
  JournalReplay,
  type ReplicaId,
  type WriteId,
  writeId,
} from "@causal-kv/core";
import { describeWrite } from "./describeWrite.js";
import type { Trace } from "./trace.js";
import type { Violation } from "./violation.js";

export function checkCausalOrder(
  trace: Trace,
  writeEvents: ReadonlyMap<WriteId, JournalEvent>,
): Violation[] {
  const violations: Violation[] = [];
  for (const replica of trace.replicas) {
    // Folded up to each event, so `delivered` is what the replica had applied before it.
    const replay = JournalReplay.fresh(trace.replicas);
    const firstApplied = new Map<WriteId, JournalEvent>();
    for (const event of trace.journals[replica] ?? []) {
      const write = appliedWrite(event);
      if (!write) {
        replay.apply(event);
        continue;
      }
      const id = writeId(write);
      const earlier = firstApplied.get(id);
      if (earlier) {
        violations.push({
          kind: "applied-twice",
          replica,
          write: id,
          events: [event, earlier],
          message: `${replica} applied ${describeWrite(write)} twice`,
        });
        continue;
      }
      const first = missingPast(write.origin, write.clock, replay.delivered)[0];
      if (first)
        violations.push(causalOrderViolation(replica, event, write, first, writeEvents.get(first)));
      firstApplied.set(id, event);
      replay.apply(event);
    }
  }
  return violations;
}

/** `replica` applied `write` (by `event`) before `first`, whose `write` event is `cause` if known. */
export function causalOrderViolation(
  replica: ReplicaId,
  event: JournalEvent,
  write: JournaledWrite,
  first: WriteId,
  cause: JournalEvent | undefined,
): Violation {
  const causeText = cause && "message" in cause ? describeWrite(cause.message) : first;
  return {
    kind: "causal-order",
    replica,
    write: writeId(write),
    events: cause ? [event, cause] : [event],
    message: `${replica} applied ${describeWrite(write)} before ${causeText}, but ${causeText} happened before ${describeWrite(write)}`,
  };
}

/** The first not-yet-applied write of each replica that `clock` says came before this write. */
export function missingPast(
  origin: ReplicaId,
  clock: Readonly<Record<ReplicaId, number>>,
  delivered: Readonly<Record<ReplicaId, number>>,
): WriteId[] {
  const missing: WriteId[] = [];
  for (const id of Object.keys(clock)) {
    const needed = id === origin ? clockEntry(clock, id) - 1 : clockEntry(clock, id);
    const have = clockEntry(delivered, id);
    if (have < needed) missing.push(formatWriteId(id, have + 1));
  }
  return missing;
}
