/**
 * Test fixtures: journal events written by hand, for traces no correct replica would record (a
 * write applied twice, out of causal order, never applied) that the checker must still judge.
 */
import {
  type JournalEvent,
  type JournaledWrite,
  journaledWrite,
  type ReplicaId,
  type VectorClock,
} from "@causal-kv/core";

export function write(
  origin: ReplicaId,
  clock: VectorClock,
  key: string,
  value: string | null,
): JournaledWrite {
  return journaledWrite({ origin, clock, key, value });
}

/** The `write` event of `message` at its origin, `seq`-th in that journal. */
export function writeEvent(seq: number, message: JournaledWrite): JournalEvent {
  return { seq, time: seq, replica: message.origin, clock: message.clock, type: "write", message };
}

/** `replica` applying a peer's `message`, `seq`-th in its journal. */
export function deliverEvent(
  replica: ReplicaId,
  seq: number,
  message: JournaledWrite,
): JournalEvent {
  return {
    seq,
    time: seq,
    replica,
    clock: message.clock,
    type: "deliver",
    message,
    bufferedMs: 0,
  };
}
