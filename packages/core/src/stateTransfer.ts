/**
 * State transfer: what a replica hands a peer that fell behind what the cluster still resends (a
 * wiped disk, an old backup): its clock, the writes it has applied, its store, and the writes in
 * its causal buffer (which may be the only copies left of the peer's own lost writes). A peer in causal
 * delivery holds a causally closed set of writes, and so does the receiver; their union is closed
 * too, so merging a transfer keeps causality, and merging is a join (commutative, idempotent).
 */
import type { AppliedWrites, AppliedWritesSnapshot } from "./appliedWrites.js";
import type { CausalBuffer } from "./causalBuffer.js";
import { CoreError } from "./coreError.js";
import type { ReplicaId } from "./replicaId.js";
import { assertValidKey, type ReplicatedWrite, readWrite } from "./replicatedWrite.js";
import { readClock, type VectorClock } from "./vectorClock.js";
import type { Sibling, StoreSnapshot, VersionedStore } from "./versionedStore.js";

export interface StateTransfer {
  readonly clock: VectorClock;
  readonly applied: AppliedWritesSnapshot;
  readonly store: StoreSnapshot;
  /** Absent from replicas that predate it: read as none. */
  readonly buffered?: readonly ReplicatedWrite[];
}

/** What a replica with this clock, these applied writes, this store and buffer hands a peer. */
export function stateTransferOf(
  clock: VectorClock,
  applied: AppliedWrites,
  store: VersionedStore,
  buffer: CausalBuffer,
): StateTransfer {
  return {
    clock,
    applied: applied.snapshot(),
    store: store.snapshot(),
    buffered: buffer.entries().map((entry) => entry.write),
  };
}

/** `transfer` checked against the cluster's members, with canonical clocks; throws a CoreError. */
export function readStateTransfer(
  transfer: StateTransfer,
  members: ReadonlySet<ReplicaId>,
): StateTransfer & { readonly buffered: readonly ReplicatedWrite[] } {
  const clock = readClock(transfer.clock, members);
  for (const [origin, entry] of Object.entries(transfer.applied)) {
    if (!members.has(origin)) {
      throw new CoreError("unknown-replica", `the transfer counts writes of "${origin}"`);
    }
    const counts = [entry.prefix, ...entry.beyond];
    if (!counts.every((n) => Number.isSafeInteger(n) && n >= 0)) {
      throw new CoreError("invalid-clock", `the transfer's count of ${origin}'s writes is not one`);
    }
  }
  const store: Record<string, Sibling[]> = Object.create(null);
  for (const [key, siblings] of Object.entries(transfer.store)) {
    assertValidKey(key);
    store[key] = siblings.map((sibling) => {
      if (!members.has(sibling.origin)) {
        throw new CoreError("unknown-replica", `a value of "${key}" comes from ${sibling.origin}`);
      }
      if (sibling.value !== null && typeof sibling.value !== "string") {
        throw new CoreError("invalid-write", `a value of "${key}" is neither a string nor null`);
      }
      return {
        value: sibling.value,
        clock: readClock(sibling.clock, members),
        origin: sibling.origin,
      };
    });
  }
  const buffered = (transfer.buffered ?? []).map((write) => readWrite(write, members));
  return { clock, applied: transfer.applied, store, buffered };
}

/**
 * Applies every sibling of `incoming` to `store`; returns, per key, the siblings that changed it
 * (those not already seen here). Replaying just those gives the same store: a sibling that changed
 * nothing was seen by one already here, and siblings of one store are concurrent with each other.
 */
export function mergeStore(store: VersionedStore, incoming: StoreSnapshot): StoreSnapshot {
  const adopted: Record<string, Sibling[]> = Object.create(null);
  for (const [key, siblings] of Object.entries(incoming)) {
    for (const sibling of siblings) {
      if (!store.apply(key, sibling)) continue;
      adopted[key] ??= [];
      adopted[key].push(sibling);
    }
  }
  return adopted;
}
