/**
 * Test harness: N real replica processes (`ReplicaProcess`, from ./process) on free loopback ports
 * with temporary data directories, by default supervised as the lab does: one that exits is
 * started again 300 ms later on the same DATA_DIR.
 * Other packages' tests import it as `@causal-kv/client/testkit` (source only, never built).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePorts } from "./freePorts.js";
import { ReplicaClient } from "./replicaClient.js";
import { assertReplicaBuilt, ReplicaProcess } from "./replicaProcess.js";

export { freePorts, ReplicaProcess };

/** A cluster's replicas: supervised or not, with settings for all and for each. */
export interface ReplicaOptions {
  /** Started again when they exit, as `npm start` does (the default), or left down. */
  readonly supervised?: boolean;
  /** Added to every replica's environment, after the defaults. */
  readonly env?: Readonly<Record<string, string>>;
  /** Added to one replica's environment (its 0-based index), after `env`. */
  readonly envOf?: (id: string, index: number) => Readonly<Record<string, string>>;
  /** `https` for replicas given TLS files: their PEERS and URLs use it. */
  readonly scheme?: "http" | "https";
  /** How to tell a replica answers; by default a fetch of its /health. */
  readonly healthy?: (url: string) => Promise<boolean>;
  /** The token this cluster's clients send (its ADMIN_TOKEN, when it has one). */
  readonly token?: string;
}

/** As the lab's supervisor waits before starting a replica again. */
const restartDelayMs = 300;

export class RealReplicas {
  constructor(
    readonly replicas: readonly ReplicaProcess[],
    private readonly root: string,
    private readonly token?: string,
  ) {}

  get ids(): string[] {
    return this.replicas.map((replica) => replica.id);
  }

  replica(id: string): ReplicaProcess {
    const replica = this.replicas.find((r) => r.id === id);
    if (!replica) throw new Error(`no replica ${id} in this cluster`);
    return replica;
  }

  url(id: string): string {
    return this.replica(id).url;
  }

  client(id: string): ReplicaClient {
    return new ReplicaClient(this.url(id), { token: this.token });
  }

  /** Every replica to one new epoch: empty stores and journals, healthy links, causal mode. */
  async reset(): Promise<number> {
    const clients = this.ids.map((id) => this.client(id));
    const statuses = await Promise.all(clients.map((client) => client.status()));
    const epoch = Math.max(...statuses.map((status) => status.epoch)) + 1;
    await Promise.all(clients.map((client) => client.reset(epoch)));
    return epoch;
  }

  async stop(): Promise<void> {
    await Promise.all(this.replicas.map((replica) => replica.stop()));
    rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * Starts replicas node1..nodeN, each knowing all the others, and waits until all answer and have
 * heard from each other.
 */
export async function startReplicas(
  count: number,
  options: ReplicaOptions = {},
): Promise<RealReplicas> {
  assertReplicaBuilt();
  const ports = await freePorts(count);
  const root = mkdtempSync(join(tmpdir(), "causal-kv-client-"));
  const ids = ports.map((_, i) => `node${i + 1}`);
  const scheme = options.scheme ?? "http";
  const peers = ids.map((id, i) => `${id}=${scheme}://127.0.0.1:${ports[i]}`).join(",");
  const replicas = ids.map((id, i) => {
    const env = {
      PATH: process.env.PATH,
      REPLICA_ID: id,
      PORT: String(ports[i]),
      HOST: "127.0.0.1",
      PEERS: peers,
      DATA_DIR: join(root, id),
      LOG_LEVEL: "warn",
      ...options.env,
      ...options.envOf?.(id, i),
    };
    return new ReplicaProcess({
      id,
      url: `${scheme}://127.0.0.1:${ports[i]}`,
      env,
      restartDelayMs: (options.supervised ?? true) ? restartDelayMs : undefined,
      ...(options.healthy === undefined ? {} : { healthy: options.healthy }),
      ...(options.token === undefined ? {} : { clientOptions: { token: options.token } }),
    });
  });
  const cluster = new RealReplicas(replicas, root, options.token);
  try {
    for (const replica of replicas) replica.spawn();
    await Promise.all(replicas.map((replica) => replica.ready()));
    // A new cluster's replicas take writes once they have heard from each other (the replica's
    // rejoin gate); a test that holds a link or writes at once must not race that. A custom health
    // check means a transport this client cannot speak (TLS): such a test waits itself.
    if (options.healthy === undefined) {
      // The wait reads status with the cluster's admin token even when its clients are to send
      // none (a test of refusals): otherwise every status is refused and nothing is waited on.
      const token = options.token ?? options.env?.ADMIN_TOKEN;
      await waitFor("every replica to hear from its peers", async () => {
        // A status no known token can read (CLIENT_TOKEN set, no ADMIN_TOKEN) is not waited on.
        const statuses = await Promise.all(
          replicas.map((replica) =>
            new ReplicaClient(replica.url, { token }).status().catch(() => undefined),
          ),
        );
        return statuses.every((status) => (status?.rejoining ?? []).length === 0);
      });
    }
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

/** Polls until `check` holds; fails saying what never happened. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export { type PrefixProxy, startPrefixProxy } from "./prefixProxy.testkit.js";
