/** What the checker reports: one kind per broken guarantee, the events involved, and a sentence why. */
import type { JournalEvent, ReplicaId, WriteId } from "@causal-kv/core";

export type ViolationKind = "causal-order" | "applied-twice" | "lost" | "diverged";

export interface Violation {
  readonly kind: ViolationKind;
  /** The replica where it happened (for `diverged`, the first of the two). */
  readonly replica: ReplicaId;
  /** The write at fault, where there is one. */
  readonly write?: WriteId;
  /** The journal events involved, in the order they matter. */
  readonly events: readonly JournalEvent[];
  readonly message: string;
}
