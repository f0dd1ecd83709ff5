/**
 * A batch of writes from a peer, and the checks it passes before any of it is applied: its epoch
 * against ours, its sender, and every message (so one bad message rejects the batch whole).
 */
import {
  assertValidWrite,
  CoreError,
  type ReplicaId,
  type ReplicatedWrite,
  writeId,
  writeSeq,
} from "@causal-kv/core";
import { ApiError } from "./apiError.js";

export interface IncomingBatch {
  readonly epoch?: number | undefined;
  readonly from?: ReplicaId | undefined;
  readonly messages: readonly ReplicatedWrite[];
}

export interface Receiver {
  readonly id: ReplicaId;
  readonly epoch: number;
  readonly members: ReadonlySet<ReplicaId>;
  /** How many writes the receiver itself has made. */
  readonly ownWrites: number;
}

/** Throws an ApiError or a CoreError for the first problem; returns when all is well. */
export function checkIncomingBatch(batch: IncomingBatch, receiver: Receiver): void {
  const { epoch } = receiver;
  if (batch.epoch !== undefined && batch.epoch < epoch) {
    throw new ApiError(
      "stale-epoch",
      `the batch is from epoch ${batch.epoch}, before this replica's reset to epoch ${epoch}; it is ignored`,
    );
  }
  if (batch.epoch !== undefined && batch.epoch > epoch) {
    throw new ApiError(
      "epoch-ahead",
      `the batch is from epoch ${batch.epoch}, but this replica is still at epoch ${epoch} (not reset yet); retry later`,
    );
  }
  if (batch.from !== undefined && !receiver.members.has(batch.from)) {
    throw new ApiError("unknown-replica", `"${batch.from}" is not a member of the cluster`);
  }
  for (const message of batch.messages) {
    assertValidWrite(message, receiver.members);
    if (message.origin === receiver.id && writeSeq(message) > receiver.ownWrites) {
      throw new CoreError(
        "invalid-write",
        `${writeId(message)} claims a write this replica never made`,
      );
    }
  }
}
