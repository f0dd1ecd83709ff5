/**
 * A replica's visible state (mode, clock, store, buffer with what each write waits for), as the
 * core's one journal fold (JournalReplay) gives it. The panels fold each batch of the live journal
 * onto the state a stream snapshot's status gave, and replay folds a journal from its start.
 * Values are digests, as the journal and a snapshot's status name them.
 */
import { JournalReplay, type ReplayState } from "@causal-kv/core";
import type { SnapshotStatus } from "@causal-kv/protocol";

export type ReplicaState = ReplayState;

export function stateFromStatus(status: SnapshotStatus): ReplicaState {
  return {
    members: status.members,
    mode: status.mode,
    clock: status.clock,
    applied: status.applied,
    store: status.store,
    buffer: status.buffer.map(({ arrivedAt, waitingFor, ...message }) => ({
      message,
      arrivedAt,
      waitingFor,
    })),
  };
}

export function emptyState(members: readonly string[]): ReplicaState {
  return JournalReplay.fresh(members).state();
}
