/**
 * What clients saw, for the client-history checker: each session's operations in the order it
 * issued them. Written values are unique (a delete writes a tombstone with its own unique value),
 * so every value a read returned names exactly one write.
 */
import type { ReplicaId, VectorClock } from "@causal-kv/core";

export interface ClientWrite {
  readonly type: "write";
  readonly key: string;
  /** Unique over the whole history. */
  readonly value: string;
  /** The clock the replica answered with, when it answered. */
  readonly clock?: VectorClock;
  /** No answer came: the write may or may not exist, and counts only if some read returned it. */
  readonly uncertain?: boolean;
  readonly replica?: ReplicaId;
}

export interface ReadValue {
  readonly value: string;
  /** The sibling's clock as the replica reported it. */
  readonly clock?: VectorClock;
}

/** A read that answered: the siblings it returned (none: the key had no value). */
export interface ClientRead {
  readonly type: "read";
  readonly key: string;
  readonly values: readonly ReadValue[];
  readonly replica?: ReplicaId;
}

export type ClientOperation = ClientWrite | ClientRead;

/** Session name → its operations in program order. Failed reads are left out. */
export type ClientHistory = Readonly<Record<string, readonly ClientOperation[]>>;

export type ClientViolationKind =
  | "thin-air-read"
  | "cyclic-causality"
  | "read-your-writes"
  | "monotonic-reads"
  | "monotonic-writes"
  | "writes-follow-reads"
  | "causal-visibility"
  | "stale-sibling";

/** One operation of the history, by its session and its 0-based place there. */
export interface OperationRef {
  readonly session: string;
  readonly index: number;
  readonly operation: ClientOperation;
}

export interface ClientViolation {
  readonly kind: ClientViolationKind;
  /** The session whose read saw what it must not (for a cycle, the first session in it). */
  readonly session: string;
  /** The operations involved, the read at fault first. */
  readonly operations: readonly OperationRef[];
  readonly message: string;
}
