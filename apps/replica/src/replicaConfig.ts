/** Everything a replica needs to run, already parsed: `env.ts` builds it, tests build it directly. */
import type { ReplicaId } from "@causal-kv/core";

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

export interface ReplicaConfig {
  readonly id: ReplicaId;
  readonly host: string;
  readonly port: number;
  /** Every member's base URL, this replica included. */
  readonly members: Readonly<Record<ReplicaId, string>>;
  readonly dataDir: string;
  /** When set, `POST /replicate` requires it in `x-cluster-secret`, and peers send it. */
  readonly clusterSecret?: string | undefined;
  /** Origins allowed to open the live stream; `true` allows any (the dashboard runs elsewhere). */
  readonly corsOrigin: true | readonly string[];
  readonly logLevel: LogLevel;
  /**
   * Durability. FULL (default) syncs the WAL to disk before anything is acknowledged, so an
   * acknowledged write survives power loss; NORMAL survives a killed process but not a power cut.
   */
  readonly synchronous: "FULL" | "NORMAL";
  /** Milliseconds between retransmission rounds of unacknowledged writes (doubles while a peer fails). */
  readonly retransmitMs?: number;
  /** Randomness for fault injection; a seeded generator makes faults replayable. */
  readonly random?: () => number;
  /** Journal time in ms. */
  readonly now?: () => number;
  /** What `POST /control/crash` does after answering; by default the process kills itself. */
  readonly crash?: () => void;
}
