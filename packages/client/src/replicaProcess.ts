/**
 * A real replica process (`node <flags> apps/replica/dist/main.js`, found by path since packages
 * never import apps), supervised: the soak kills it with SIGKILL and starts it again, the lab and
 * the test clusters have it restarted when it dies. Its command is injectable, so it can run
 * wrapped (inside a network namespace, say) and still be watched the same way.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ReplicaClient, type ReplicaClientOptions } from "./replicaClient.js";
import { replicaNodeFlags } from "./replicaNodeFlags.js";
import { type ProcessCommand, SupervisedProcess } from "./supervisedProcess.js";

/** The replica's build; the same path from this package's src/ and dist/. */
export const replicaMain = fileURLToPath(
  new URL("../../../apps/replica/dist/main.js", import.meta.url).href,
);

/** Node's arguments to run a replica: its flags (replicaNodeFlags.ts), then its build. */
export const replicaArgs: readonly string[] = [...replicaNodeFlags, replicaMain];

/** Fails early, saying how to build, when the replica has not been built. */
export function assertReplicaBuilt(): void {
  if (!existsSync(replicaMain)) {
    throw new Error(
      `${replicaMain} is missing: build the replica first (npx turbo run build --filter=@causal-kv/replica)`,
    );
  }
}

export interface ReplicaProcessOptions {
  readonly id: string;
  /** Where it answers: `http://127.0.0.1:5001`. */
  readonly url: string;
  /** The replica's whole environment (REPLICA_ID, PORT, PEERS, DATA_DIR, …). */
  readonly env: ProcessCommand["env"];
  /** How to run it; by default this Node with `replicaArgs`. */
  readonly command?: Omit<ProcessCommand, "env">;
  /** When set, it is started again this long after it exits, until `stop`. */
  readonly restartDelayMs?: number;
  readonly onLine?: (line: string) => void;
  /** For `client`, the replica's control client (with its `token`, when the replica needs one). */
  readonly clientOptions?: ReplicaClientOptions;
  /** How to tell it answers, given its URL; by default a fetch of its /health. */
  readonly healthy?: (url: string) => Promise<boolean>;
}

export class ReplicaProcess extends SupervisedProcess {
  readonly id: string;
  readonly url: string;
  /** Its DATA_DIR, if its environment names one. */
  readonly dataDir: string | undefined;
  readonly client: ReplicaClient;

  constructor(options: ReplicaProcessOptions) {
    const command = options.command ?? { command: process.execPath, args: replicaArgs };
    const { healthy } = options;
    super({
      name: options.id,
      ...command,
      env: options.env,
      healthUrl: `${options.url}/health`,
      restartDelayMs: options.restartDelayMs,
      onLine: options.onLine,
      ...(healthy === undefined ? {} : { healthy: () => healthy(options.url) }),
    });
    this.id = options.id;
    this.url = options.url;
    this.dataDir = options.env.DATA_DIR;
    this.client = new ReplicaClient(options.url, options.clientOptions);
  }

  override spawn(): void {
    assertReplicaBuilt();
    super.spawn();
  }
}
