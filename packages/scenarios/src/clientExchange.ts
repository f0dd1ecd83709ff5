/**
 * A named client's request to one replica, as sent and then answered: what the lab draws on the
 * clients' lanes and the client checker reads.
 */
import type { ReplicaId, Sibling, VectorClock } from "@causal-kv/core";
import type { WriteResponse } from "@causal-kv/protocol";

export interface ClientExchange {
  readonly id: number;
  readonly client: string;
  readonly replica: ReplicaId;
  readonly operation: "read" | "write";
  readonly key: string;
  /** What a write wrote (null: a delete). */
  readonly value?: string | null;
  /** Wall-clock milliseconds, as the replicas' journals count them. */
  readonly sentAt: number;
  /** The clock of the context the request carried; none outside a session (or on its first). */
  readonly context?: VectorClock;
  readonly answer?: ExchangeAnswer;
}

export interface ExchangeAnswer {
  readonly at: number;
  /** What a read returned: the key's siblings (none: no value). */
  readonly read?: readonly Sibling[];
  /** The write as the replica made it. */
  readonly written?: WriteResponse;
  /** The context the answer carried back to a session. */
  readonly context?: VectorClock;
  /** Why it failed: a replica error's code, such as context-not-reached. */
  readonly error?: string;
}
