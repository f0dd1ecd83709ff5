/**
 * One replica's state, as its steps (deliverySteps.ts, catchUp.ts) read and change it: one record
 * passed to each. Every clock in it is canonical, and `nextEventSeq` is the next journal event's.
 */
import type { AppliedWrites } from "./appliedWrites.js";
import type { BufferedWrite, CausalBuffer } from "./causalBuffer.js";
import type { DeliveryMode } from "./journalEvent.js";
import type { ReplicaId } from "./replicaId.js";
import type { VectorClock } from "./vectorClock.js";
import type { VersionedStore } from "./versionedStore.js";

export interface ReplicaState {
  readonly id: ReplicaId;
  /** Every member of the cluster, this replica included: what a message may name. */
  readonly memberSet: ReadonlySet<ReplicaId>;
  /** Every member but this one: where a local write is sent. */
  readonly peers: readonly ReplicaId[];
  mode: DeliveryMode;
  clock: VectorClock;
  readonly applied: AppliedWrites;
  readonly store: VersionedStore;
  readonly buffer: CausalBuffer;
  /** Emptied after each use: releases happen once per delivered write, and rarely find any. */
  readonly staleScratch: BufferedWrite[];
  nextEventSeq: number;
}
