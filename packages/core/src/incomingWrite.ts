/**
 * A write arriving from a peer, checked against the receiving replica's own writes: a peer may
 * relay them, but never one the replica did not make, nor a clock that has seen more of them.
 */
import type { AppliedWrites } from "./appliedWrites.js";
import { CoreError } from "./coreError.js";
import type { ReplicaId } from "./replicaId.js";
import { type ReplicatedWrite, readWrite, writeId, writeSeq } from "./replicatedWrite.js";
import { clockEntry, type VectorClock } from "./vectorClock.js";

/**
 * `input` read as a write of the cluster `members` arriving at replica `self`, which has applied
 * `applied`. Throws a CoreError if it is malformed or claims writes of `self` not applied there.
 */
export function readIncomingWrite(
  input: unknown,
  members: ReadonlySet<ReplicaId>,
  self: ReplicaId,
  applied: AppliedWrites,
): ReplicatedWrite {
  const message = readWrite(input, members);
  const seq = writeSeq(message);
  if (message.origin === self && !applied.has(self, seq)) {
    throw new CoreError(
      "invalid-write",
      `${writeId(message)} claims a write this replica never made`,
    );
  }
  if (seesOwnWritesNotHere(message, self, applied.delivered)) {
    throw new CoreError(
      "invalid-clock",
      `${writeId(message)} has seen writes of ${self} that this replica never made`,
    );
  }
  return message;
}

/**
 * Whether `message` has seen writes of `self` beyond those `delivered` counts there without a gap.
 * Taken, naive delivery would merge it and push the replica's own count past its writes: the next
 * write would skip numbers, and causal peers would wait forever for the ones skipped.
 */
export function seesOwnWritesNotHere(
  message: ReplicatedWrite,
  self: ReplicaId,
  delivered: VectorClock,
): boolean {
  return clockEntry(message.clock, self) > clockEntry(delivered, self);
}
