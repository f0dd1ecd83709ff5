/** A recorded run: every replica's journal, as the replicas wrote them. */
import type { JournalEvent, ReplicaId, StoreSnapshot } from "@causal-kv/core";

export interface Trace {
  readonly replicas: readonly ReplicaId[];
  readonly journals: Readonly<Record<ReplicaId, readonly JournalEvent[]>>;
  /** Each replica's store as it reported it at the end; when absent, it is replayed from the journal. */
  readonly stores?: Readonly<Record<ReplicaId, StoreSnapshot>>;
}
