/**
 * The journal events a replica's steps make. Each is stamped with the replica's next event seq, the
 * step's time and the replica's clock after the step; the caller passes all three and counts seqs.
 */
import type {
  BufferEvent,
  DeliverEvent,
  DiscardedCopy,
  JournalEvent,
  SendEvent,
  WriteEvent,
} from "./journalEvent.js";
import { type JournaledWrite, journaledWrite } from "./journaledWrite.js";
import type { ReplicaId } from "./replicaId.js";
import type { ReplicatedWrite, WriteId } from "./replicatedWrite.js";
import type { VectorClock } from "./vectorClock.js";

/** An event without its stamp: what `recordEvent` is given. */
export type EventBody = JournalEvent extends infer E
  ? E extends JournalEvent
    ? Omit<E, "seq" | "time" | "replica" | "clock">
    : never
  : never;

// Writes, sends, receives, buffers, deliveries and duplicates are built as literals, not through
// `recordEvent`: they are most of the journal. Every local write journals a write and a send,
// which share the one name (`message`) the caller made for the write.

export function writeEvent(
  seq: number,
  time: number,
  replica: ReplicaId,
  clock: VectorClock,
  message: JournaledWrite,
): WriteEvent {
  return { seq, time, replica, clock, type: "write", message };
}

export function sendEvent(
  seq: number,
  time: number,
  replica: ReplicaId,
  clock: VectorClock,
  message: JournaledWrite,
  to: readonly ReplicaId[],
): SendEvent {
  return { seq, time, replica, clock, type: "send", message, to };
}

export function receiveEvent(
  seq: number,
  time: number,
  replica: ReplicaId,
  clock: VectorClock,
  message: ReplicatedWrite,
): JournalEvent {
  return { seq, time, replica, clock, type: "receive", message: journaledWrite(message) };
}

export function bufferEvent(
  seq: number,
  time: number,
  replica: ReplicaId,
  clock: VectorClock,
  message: ReplicatedWrite,
  waitingFor: readonly WriteId[],
): BufferEvent {
  return {
    seq,
    time,
    replica,
    clock,
    type: "buffer",
    message: journaledWrite(message),
    waitingFor,
  };
}

export function deliverEvent(
  seq: number,
  time: number,
  replica: ReplicaId,
  clock: VectorClock,
  message: ReplicatedWrite,
  bufferedMs: number,
): DeliverEvent {
  return {
    seq,
    time,
    replica,
    clock,
    type: "deliver",
    message: journaledWrite(message),
    bufferedMs,
  };
}

export function duplicateEvent(
  seq: number,
  time: number,
  replica: ReplicaId,
  clock: VectorClock,
  message: ReplicatedWrite,
  discarded: DiscardedCopy,
): JournalEvent {
  return {
    seq,
    time,
    replica,
    clock,
    type: "duplicate",
    message: journaledWrite(message),
    discarded,
  };
}

/** Any other event: the rare ones (mode, restart, catch-up), stamped around their body. */
export function recordEvent(
  seq: number,
  time: number,
  replica: ReplicaId,
  clock: VectorClock,
  body: EventBody,
): JournalEvent {
  const stamp = { seq, time, replica };
  return { ...stamp, clock, ...body } as JournalEvent;
}
