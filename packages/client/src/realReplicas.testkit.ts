/**
 * Test harness: N real replica processes (`node apps/replica/dist/main.js`, spawned by path since
 * packages never import apps) on free loopback ports with temporary data directories. Like the
 * lab's supervisor, it starts a replica that exits again 300 ms later on the same DATA_DIR.
 * Other packages' tests import it as `@causal-kv/client/testkit` (source only, never built).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ReplicaClient } from "./replicaClient.js";

const replicaMain = fileURLToPath(
  new URL("../../../apps/replica/dist/main.js", import.meta.url).href,
);
const restartDelayMs = 300;
const running = new Set<ChildProcess>();
// A test run that dies early must not leave replicas behind.
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** One supervised replica: its address, how often it was started, and its recent output. */
export class ReplicaProcess {
  private child: ChildProcess | undefined;
  private stopping = false;
  /** How many times the process was started: 1 + the restarts after it exited. */
  starts = 0;
  readonly output: string[] = [];

  constructor(
    readonly id: string,
    readonly port: number,
    readonly dataDir: string,
    private readonly env: Readonly<Record<string, string>>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  spawn(): void {
    mkdirSync(this.dataDir, { recursive: true });
    const child = spawn(process.execPath, [replicaMain], {
      env: { PATH: process.env.PATH ?? "", ...this.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    this.starts += 1;
    running.add(child);
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString("utf8"));
      if (this.output.length > 200) this.output.shift();
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    child.on("exit", (code, signal) => {
      running.delete(child);
      if (this.stopping) return;
      this.output.push(`[${this.id} exited (${signal ?? code}); restarting]\n`);
      setTimeout(() => {
        if (!this.stopping) this.spawn();
      }, restartDelayMs);
    });
  }

  /** Resolves once /health answers 200; fails with the process output if it never does. */
  async ready(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ok = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(1000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) return;
      if (Date.now() > deadline)
        throw new Error(`${this.id} did not answer /health:\n${this.output.join("")}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Stops supervising and kills the process, as kill -9 would. */
  stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  }
}

export class RealReplicas {
  constructor(
    readonly replicas: readonly ReplicaProcess[],
    private readonly root: string,
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
    return new ReplicaClient(this.url(id));
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

/** Starts replicas node1..nodeN, each knowing all the others, and waits until all answer. */
export async function startReplicas(count: number): Promise<RealReplicas> {
  if (!existsSync(replicaMain)) {
    throw new Error(
      `${replicaMain} is missing: build the replica first (npx turbo run build --filter=@causal-kv/replica)`,
    );
  }
  const ports = await freePorts(count);
  const root = mkdtempSync(join(tmpdir(), "causal-kv-client-"));
  const ids = ports.map((_, i) => `node${i + 1}`);
  const peers = ids.map((id, i) => `${id}=http://127.0.0.1:${ports[i]}`).join(",");
  const replicas = ids.map((id, i) => {
    const port = ports[i] ?? 0;
    const dataDir = join(root, id);
    return new ReplicaProcess(id, port, dataDir, {
      REPLICA_ID: id,
      PORT: String(port),
      HOST: "127.0.0.1",
      PEERS: peers,
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
    });
  });
  const cluster = new RealReplicas(replicas, root);
  try {
    for (const replica of replicas) replica.spawn();
    await Promise.all(replicas.map((replica) => replica.ready()));
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

/** Ports the OS hands out for port 0, all held open at once so they differ. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once("error", reject);
          server.listen(0, "127.0.0.1", () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    if (typeof address !== "object" || address === null) throw new Error("no port");
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
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
