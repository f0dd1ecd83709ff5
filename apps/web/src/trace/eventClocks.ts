/**
 * A vector clock per journal event (not per write, as the replication clock is): a replica ticks
 * its own entry on every event it logs and joins the sender's clock where a message lands. Event
 * a happened before event b exactly when a's own entry is ≤ b's entry for a's replica.
 */

import type { Trace } from "@causal-kv/checker";
import { type JournalEvent, type ReplicaId, type WriteId, writeId } from "@causal-kv/core";
import { eventId } from "./eventId";

export type EventClock = Readonly<Record<ReplicaId, number>>;

/**
 * Where a message's arrow lands: on every arrival (`arrival`: receive, buffer, deliver, duplicate),
 * which is the true happens-before of the run (the diagram and the ShiViz export use it), or only
 * where it is applied (`deliver`), which makes an arrival look concurrent with its own send.
 */
export type MergePoint = "arrival" | "deliver";

export interface ClockedEvent {
  readonly id: string;
  readonly replica: ReplicaId;
  readonly event: JournalEvent;
  readonly clock: EventClock;
  /** The send event whose clock was joined here, if any. */
  readonly from?: string;
}

export function eventClocks(trace: Trace, mergeAt: MergePoint): ClockedEvent[] {
  const sent = new Set<WriteId>();
  for (const replica of trace.replicas)
    for (const event of trace.journals[replica] ?? [])
      if (event.type === "send") sent.add(writeId(event.message));

  const sendClocks = new Map<WriteId, ClockedEvent>();
  const needsJoin = (event: JournalEvent): WriteId | undefined => {
    if (!("message" in event) || event.message.origin === event.replica) return undefined;
    if (mergeAt === "deliver" ? event.type !== "deliver" : event.type === "send") return undefined;
    const id = writeId(event.message);
    return sent.has(id) ? id : undefined;
  };

  const out: ClockedEvent[] = [];
  const cursors = trace.replicas.map((replica) => ({
    replica,
    events: trace.journals[replica] ?? [],
    next: 0,
    clock: {} as Record<ReplicaId, number>,
  }));
  const step = (cursor: (typeof cursors)[number], join: ClockedEvent | undefined) => {
    const event = cursor.events[cursor.next];
    if (!event) return;
    cursor.next++;
    const clock: Record<ReplicaId, number> = { ...cursor.clock };
    if (join)
      for (const [id, n] of Object.entries(join.clock)) clock[id] = Math.max(clock[id] ?? 0, n);
    clock[cursor.replica] = (cursor.clock[cursor.replica] ?? 0) + 1;
    cursor.clock = clock;
    const base = { id: eventId(event), replica: cursor.replica, event, clock };
    const clocked: ClockedEvent = join ? { ...base, from: join.id } : base;
    out.push(clocked);
    if (event.type === "send") sendClocks.set(writeId(event.message), clocked);
  };

  // Replicas advance as far as they can; an arrival waits until its send has its clock.
  for (;;) {
    let progressed = false;
    let unfinished: (typeof cursors)[number] | undefined;
    for (const cursor of cursors) {
      for (;;) {
        const event = cursor.events[cursor.next];
        if (!event) break;
        const wanted = needsJoin(event);
        const join = wanted === undefined ? undefined : sendClocks.get(wanted);
        if (wanted !== undefined && !join) {
          unfinished ??= cursor;
          break;
        }
        step(cursor, join);
        progressed = true;
      }
    }
    if (!unfinished) return out;
    // Only a malformed trace (an arrival before its own send) gets here: take it unjoined.
    if (!progressed) step(unfinished, undefined);
  }
}

/** True when event `a` (at replica `aReplica`) happened before event `b`, or is `b`. */
export function precedesOrIs(a: EventClock, aReplica: ReplicaId, b: EventClock): boolean {
  return (a[aReplica] ?? 0) <= (b[aReplica] ?? 0);
}
