/** Everything a replica needs to run, already parsed: `env.ts` builds it, tests build it directly. */
import type { ReplicaId } from "@causal-kv/core";
import type { JournalBudget } from "./storage/journalRetention.js";

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
  /** When set, every `/control/*` route requires `Authorization: Bearer <adminToken>`. */
  readonly adminToken?: string | undefined;
  /** When set, `/kv`, `/status`, `/events` and the stream require it (or the admin token). */
  readonly clientToken?: string | undefined;
  /** Browser origins that may call the replica; a request from any other origin is refused. */
  readonly allowedOrigins?: readonly string[];
  /** Host names the Host header may carry besides loopback addresses and this replica's own. */
  readonly allowedHosts?: readonly string[];
  /** PEM files: serve HTTPS, and with a CA, require peers to present a certificate it signed. */
  readonly tls?: TlsFiles | undefined;
  /** Timeouts and the connection cap of the HTTP server. */
  readonly http?: HttpLimits;
  readonly logLevel: LogLevel;
  /**
   * Durability. FULL (default) syncs the WAL to disk before anything is acknowledged, so an
   * acknowledged write survives power loss; NORMAL survives a killed process but not a power cut.
   */
  readonly synchronous: "FULL" | "NORMAL";
  /** How much journal the replica keeps; older events are compacted away (journalRetention.ts). */
  readonly journal?: JournalBudget;
  /** Milliseconds between retransmission rounds of unacknowledged writes (doubles while a peer fails). */
  readonly retransmitMs?: number;
  /**
   * A replica started on an empty disk takes no writes until every peer has said how many of its
   * writes it holds (rejoinGate.ts). Only an in-process test whose peers never exist turns it off.
   */
  readonly rejoinGate?: boolean;
  /**
   * Plain client writes skip fastify (http/directWrites.ts); on by default. Off only in the test
   * that compares the two paths' answers.
   */
  readonly directWrites?: boolean;
  /** Randomness for fault injection; a seeded generator makes faults replayable. */
  readonly random?: () => number;
  /** Journal time in ms. */
  readonly now?: () => number;
  /** What `POST /control/crash` does after answering; by default the process kills itself. */
  readonly crash?: () => void;
  /**
   * What happens when the disk fails to confirm a sync: by default the process logs it and exits
   * non-zero (whatever the page cache held may be gone, so only a restart from disk is safe).
   */
  readonly storageFailed?: (error: unknown) => void;
}

export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile?: string | undefined;
}

export interface HttpLimits {
  /** The whole request, headers and body, must arrive within this; a trickle is cut off. */
  readonly requestTimeoutMs: number;
  readonly headersTimeoutMs: number;
  /** An idle kept-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  readonly maxConnections: number;
}

export const defaultHttpLimits: HttpLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1024,
};
