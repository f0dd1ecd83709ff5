/**
 * At quiescence, every write must have been applied at every replica: delivered, or brought by a
 * catch-up (the journal's fold counts both).
 */
import {
  type JournalEvent,
  JournalReplay,
  parseWriteId,
  type ReplicaId,
  type WriteId,
} from "@causal-kv/core";
import { describeWrite } from "./describeWrite.js";
import type { Trace } from "./trace.js";
import type { Violation } from "./violation.js";

export function checkDelivery(
  trace: Trace,
  writeEvents: ReadonlyMap<WriteId, JournalEvent>,
): Violation[] {
  const violations: Violation[] = [];
  for (const replica of trace.replicas) {
    const applied = JournalReplay.fresh(trace.replicas)
      .applyAll(trace.journals[replica] ?? [])
      .appliedWrites();
    const has = (id: WriteId): boolean => {
      const parsed = parseWriteId(id);
      const counted = parsed === undefined ? undefined : applied[parsed.origin];
      if (parsed === undefined || counted === undefined) return false;
      return parsed.seq <= counted.prefix || counted.beyond.includes(parsed.seq);
    };
    for (const [id, event] of writeEvents) {
      if (has(id) || event.type !== "write") continue;
      violations.push(lostWrite(replica, id, event));
    }
  }
  return violations;
}

/** `replica` never applied the write `event` made. */
export function lostWrite(
  replica: ReplicaId,
  id: WriteId,
  event: Extract<JournalEvent, { type: "write" }>,
): Violation {
  return {
    kind: "lost",
    replica,
    write: id,
    events: [event],
    message: `${replica} never applied ${describeWrite(event.message)}`,
  };
}
