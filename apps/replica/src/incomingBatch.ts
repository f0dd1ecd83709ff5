/**
 * A batch of writes from a peer, and the checks it passes before any of it is applied: its epoch
 * against ours, its sender, every message (so one bad message rejects the batch whole), and every
 * copy of a write already here, which must be that write: the same origin and number with other
 * content is a forgery or a bug, refused as an integrity conflict, never dropped as a duplicate.
 */
import {
  assertValidWrite,
  CoreError,
  clockEntry,
  compare,
  type JournaledWrite,
  journaledWrite,
  previewText,
  type ReplicaId,
  type ReplicatedWrite,
  sameDigest,
  type WriteId,
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
  /** The copy of a write the receiver holds (applied or buffered), if it holds one. */
  heldCopy(message: ReplicatedWrite): JournaledWrite | undefined;
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
      `the batch is from epoch ${batch.epoch}, but this replica is still at epoch ${epoch} and the batch names no sender to follow; retry later`,
    );
  }
  if (batch.from !== undefined && !receiver.members.has(batch.from)) {
    throw new ApiError("unknown-replica", `"${batch.from}" is not a member of the cluster`);
  }
  const inBatch = new Map<WriteId, JournaledWrite>();
  for (const message of batch.messages) {
    assertValidWrite(message, receiver.members);
    if (message.origin === receiver.id && writeSeq(message) > receiver.ownWrites) {
      throw new CoreError(
        "invalid-write",
        `${writeId(message)} claims a write this replica never made`,
      );
    }
    if (clockEntry(message.clock, receiver.id) > receiver.ownWrites) {
      throw new CoreError(
        "invalid-clock",
        `${writeId(message)} has seen writes of ${receiver.id} that it never made`,
      );
    }
    const id = writeId(message);
    const held = inBatch.get(id) ?? receiver.heldCopy(message);
    const named = journaledWrite(message);
    if (held !== undefined && !sameWrite(held, named)) {
      throw new ApiError(
        "integrity-conflict",
        `${id} is held here as ${describe(held)}; the copy that came is ${describe(named)}`,
      );
    }
    inBatch.set(id, named);
  }
}

/**
 * The answer to an applied batch: per origin of its messages, how many of that origin's writes
 * the receiver now holds, and the sender's own count even for an empty batch (an announcement):
 * a sender that counts fewer lost them.
 */
export function heldCounts(
  batch: IncomingBatch,
  heldCount: (origin: ReplicaId) => number,
): Record<ReplicaId, number> {
  const counts: Record<ReplicaId, number> = Object.create(null);
  for (const message of batch.messages) counts[message.origin] ??= heldCount(message.origin);
  if (batch.from !== undefined) counts[batch.from] ??= heldCount(batch.from);
  return counts;
}

/** Two copies of one write: the same key and clock, and values of the same size and hash. */
export function sameWrite(a: JournaledWrite, b: JournaledWrite): boolean {
  return (
    a.origin === b.origin &&
    a.key === b.key &&
    sameDigest(a.value, b.value) &&
    compare(a.clock, b.clock) === "equal"
  );
}

function describe(write: JournaledWrite): string {
  const value =
    write.value === null ? "a delete" : JSON.stringify(previewText(write.value).slice(0, 40));
  return `${JSON.stringify(write.key.slice(0, 40))} = ${value} at ${JSON.stringify(write.clock)}`;
}
