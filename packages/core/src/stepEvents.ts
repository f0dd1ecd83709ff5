/**
 * The journal events a replica's steps make. Each is stamped with the replica's next event seq
 * (taken here, so the caller only says when), the step's time and the replica's clock as it is
 * when the event is built, which is after the step's change.
 */
import type {
  BufferEvent,
  DeliverEvent,
  DiscardedCopy,
  DuplicateEvent,
  JournalEvent,
  ReceiveEvent,
  SendEvent,
  WriteEvent,
} from "./journalEvent.js";
import { type JournaledWrite, journaledWrite } from "./journaledWrite.js";
import type { ReplicaState } from "./replicaState.js";
import type { ReplicatedWrite, WriteId } from "./replicatedWrite.js";

/** An event without its stamp: what `recordEvent` is given. */
type EventBody = JournalEvent extends infer E
  ? E extends JournalEvent
    ? Omit<E, "seq" | "time" | "replica" | "clock">
    : never
  : never;

// Writes, sends, receives, buffers, deliveries and duplicates are built as literals, not through
// `recordEvent`: they are most of the journal. Every local write journals a write and a send,
// which share the one name (`message`) the caller made for the write.

export function writeEvent(state: ReplicaState, now: number, message: JournaledWrite): WriteEvent {
  const { id: replica, clock } = state;
  return { seq: state.nextEventSeq++, time: now, replica, clock, type: "write", message };
}

export function sendEvent(state: ReplicaState, now: number, message: JournaledWrite): SendEvent {
  const { id: replica, clock, peers: to } = state;
  return { seq: state.nextEventSeq++, time: now, replica, clock, type: "send", message, to };
}

export function receiveEvent(
  state: ReplicaState,
  now: number,
  message: ReplicatedWrite,
): ReceiveEvent {
  return {
    seq: state.nextEventSeq++,
    time: now,
    replica: state.id,
    clock: state.clock,
    type: "receive",
    message: journaledWrite(message),
  };
}

export function bufferEvent(
  state: ReplicaState,
  now: number,
  message: ReplicatedWrite,
  waitingFor: readonly WriteId[],
): BufferEvent {
  return {
    seq: state.nextEventSeq++,
    time: now,
    replica: state.id,
    clock: state.clock,
    type: "buffer",
    message: journaledWrite(message),
    waitingFor,
  };
}

export function deliverEvent(
  state: ReplicaState,
  now: number,
  message: ReplicatedWrite,
  bufferedMs: number,
): DeliverEvent {
  return {
    seq: state.nextEventSeq++,
    time: now,
    replica: state.id,
    clock: state.clock,
    type: "deliver",
    message: journaledWrite(message),
    bufferedMs,
  };
}

export function duplicateEvent(
  state: ReplicaState,
  now: number,
  message: ReplicatedWrite,
  discarded: DiscardedCopy,
): DuplicateEvent {
  return {
    seq: state.nextEventSeq++,
    time: now,
    replica: state.id,
    clock: state.clock,
    type: "duplicate",
    message: journaledWrite(message),
    discarded,
  };
}

/** Any other event: the rare ones (mode, restart, catch-up), stamped around their body. */
export function recordEvent(state: ReplicaState, now: number, body: EventBody): JournalEvent {
  const stamp = { seq: state.nextEventSeq++, time: now, replica: state.id };
  return { ...stamp, clock: state.clock, ...body } as JournalEvent;
}
