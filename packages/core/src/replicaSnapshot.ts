/**
 * What a replica keeps durably to come back after a crash exactly as it was, and how its buffer is
 * put back: every clock a replica holds is canonical, so each restored write's clock is made so.
 */
import type { AppliedWritesSnapshot } from "./appliedWrites.js";
import type { BufferedWrite, CausalBuffer } from "./causalBuffer.js";
import type { DeliveryMode } from "./journalEvent.js";
import type { ReplicaId } from "./replicaId.js";
import { canonicalClock, type VectorClock } from "./vectorClock.js";
import type { StoreSnapshot } from "./versionedStore.js";

/** Everything a replica must keep durably to come back after a crash exactly as it was. */
export interface ReplicaSnapshot {
  readonly id: ReplicaId;
  readonly members: readonly ReplicaId[];
  readonly mode: DeliveryMode;
  readonly clock: VectorClock;
  readonly applied: AppliedWritesSnapshot;
  readonly store: StoreSnapshot;
  readonly buffer: readonly BufferedWrite[];
  readonly nextEventSeq: number;
}

/** Holds in `buffer` the writes a snapshot had buffered, each placed against `delivered`. */
export function restoreBuffer(
  buffer: CausalBuffer,
  saved: readonly BufferedWrite[],
  delivered: VectorClock,
): void {
  // Every clock the replica holds is canonical, as its own snapshots have them: delivery merges
  // by that assumption (mergeCanonical).
  for (const { write, arrivedAt } of saved) {
    const held = { ...write, clock: canonicalClock(write.clock) };
    buffer.add({ write: held, arrivedAt }, delivered);
  }
}
