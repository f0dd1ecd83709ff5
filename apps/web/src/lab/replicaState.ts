/**
 * A replica's visible state (mode, clock, store, buffer with what each write waits for), as the
 * core's one journal fold (JournalReplay) gives it. The panels fold each batch of the live journal
 * onto the state a stream snapshot's status gave, and replay folds a journal from its start.
 * Values are digests, as the journal names them: a status's whole values are digested here.
 */
import { JournalReplay, journaledStore, journaledWrite, type ReplayState } from "@causal-kv/core";
import type { StatusResponse } from "@causal-kv/protocol";

export type ReplicaState = ReplayState;

export function stateFromStatus(status: StatusResponse): ReplicaState {
  return {
    members: status.members,
    mode: status.mode,
    clock: status.clock,
    applied: status.applied,
    store: journaledStore(status.store),
    buffer: status.buffer.map(({ arrivedAt, waitingFor, ...message }) => ({
      message: journaledWrite(message),
      arrivedAt,
      waitingFor,
    })),
  };
}

export function emptyState(members: readonly string[]): ReplicaState {
  return JournalReplay.fresh(members).state();
}
