/**
 * Test harness: real replica processes (`node dist/main.js`, built by the global setup) on free
 * loopback ports with temporary data directories, and small HTTP helpers. Every process started
 * here is killed when the cluster closes, and at exit if a test run dies first.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { JournalEvent } from "@causal-kv/core";
import {
  eventsPageSchema,
  type LinkSettings,
  type StatusResponse,
  statusResponseSchema,
  type WriteResponse,
  writeResponseSchema,
} from "@causal-kv/protocol";

const mainJs = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "main.js");
const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export interface Reply<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly text: string;
}

export class ReplicaProcess {
  child: ChildProcess | undefined;
  readonly output: string[] = [];

  constructor(
    readonly id: string,
    readonly port: number,
    readonly dataDir: string,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [mainJs], {
      env: { PATH: process.env.PATH ?? "", ...this.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    child.on("exit", () => running.delete(child));
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString("utf8"));
      if (this.output.length > 200) this.output.shift();
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    this.child = child;
    await waitFor(
      async () => {
        if (child.exitCode !== null) {
          throw new Error(`${this.id} exited (${child.exitCode}):\n${this.output.join("")}`);
        }
        return (await this.request("GET", "/health").catch(() => undefined))?.status === 200;
      },
      `${this.id} to answer /health`,
      15_000,
    );
  }

  /** `kill -9`: no shutdown, no flush. */
  kill9(): Promise<void> {
    return this.signal("SIGKILL");
  }

  stop(): Promise<void> {
    return this.signal("SIGTERM");
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === "string" ? body : JSON.stringify(body);
      init.headers = { "content-type": "application/json", ...headers };
    }
    const response = await fetch(`${this.url}${path}`, init);
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed as T, text };
  }

  private signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once("exit", () => resolve());
      child.kill(signal);
    });
  }
}

export interface ClusterOptions {
  readonly size?: number;
  readonly env?: Record<string, string>;
}

export class Cluster {
  constructor(
    readonly nodes: readonly ReplicaProcess[],
    private readonly root: string,
  ) {}

  node(index: number): ReplicaProcess {
    const node = this.nodes[index];
    if (!node) throw new Error(`no node ${index}`);
    return node;
  }

  async close(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.kill9()));
    rmSync(this.root, { recursive: true, force: true });
  }
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const size = options.size ?? 3;
  const ports = await freePorts(size);
  const root = mkdtempSync(join(tmpdir(), "causal-kv-test-"));
  const ids = ports.map((_, i) => `node${i + 1}`);
  const peers = ids.map((id, i) => `${id}=http://127.0.0.1:${ports[i]}`).join(",");
  const nodes = ids.map(
    (id, i) =>
      new ReplicaProcess(id, ports[i] ?? 0, join(root, id), {
        REPLICA_ID: id,
        PORT: String(ports[i]),
        HOST: "127.0.0.1",
        PEERS: peers,
        DATA_DIR: join(root, id),
        LOG_LEVEL: "warn",
        ...options.env,
      }),
  );
  const cluster = new Cluster(nodes, root);
  try {
    await Promise.all(nodes.map((node) => node.start()));
  } catch (error) {
    await cluster.close();
    throw error;
  }
  return cluster;
}

/** Ports the OS hands out for port 0, all held open at once so they differ. */
async function freePorts(count: number): Promise<number[]> {
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

/** Polls until `check` is true; fails with `what` after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** `GET /status`, parsed. */
export async function statusOf(node: ReplicaProcess): Promise<StatusResponse> {
  return statusResponseSchema.parse((await node.request("GET", "/status")).body);
}

/** The part of /status that equal replicas must serialize byte for byte. */
export function stateText(status: StatusResponse): string {
  return JSON.stringify({ clock: status.clock, store: status.store });
}

/** Waits until every replica has the same clock and store, nothing buffered or unacknowledged. */
export async function waitForConvergence(cluster: Cluster, timeoutMs = 15_000): Promise<string> {
  let last = "";
  await waitFor(
    async () => {
      const statuses = await Promise.all(cluster.nodes.map(statusOf));
      const texts = statuses.map(stateText);
      last = texts.join("\n");
      return (
        texts.every((text) => text === texts[0]) &&
        statuses.every(
          (status) =>
            status.buffer.length === 0 &&
            Object.values(status.unacknowledged).every((count) => count === 0),
        )
      );
    },
    "the replicas to converge",
    timeoutMs,
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}\nlast states:\n${last.slice(0, 3000)}`);
  });
  return last.split("\n")[0] ?? "";
}

/** Resets every replica to one new epoch: empty stores, healthy links, causal delivery. */
export async function resetAll(cluster: Cluster): Promise<number> {
  const epochs = await Promise.all(cluster.nodes.map(async (node) => (await statusOf(node)).epoch));
  const epoch = Math.max(...epochs) + 1;
  for (const node of cluster.nodes) {
    const reply = await node.request("POST", "/control/reset", { epoch });
    if (reply.status !== 200) throw new Error(`reset of ${node.id} failed: ${reply.text}`);
  }
  return epoch;
}

export async function setLink(
  from: ReplicaProcess,
  to: string,
  settings: Partial<LinkSettings>,
): Promise<void> {
  const reply = await from.request("PUT", `/control/links/${to}`, settings);
  if (reply.status !== 200) throw new Error(`link ${from.id}→${to} refused: ${reply.text}`);
}

export async function put(
  node: ReplicaProcess,
  key: string,
  value: string,
): Promise<WriteResponse> {
  const reply = await node.request("PUT", `/kv/${encodeURIComponent(key)}`, { value });
  if (reply.status !== 200)
    throw new Error(`PUT ${key} at ${node.id}: ${reply.status} ${reply.text}`);
  return writeResponseSchema.parse(reply.body);
}

/** The whole journal of a replica. */
export async function journalOf(node: ReplicaProcess): Promise<JournalEvent[]> {
  const events: JournalEvent[] = [];
  let after = 0;
  for (;;) {
    const page = eventsPageSchema.parse((await node.request("GET", `/events?after=${after}`)).body);
    events.push(...page.events);
    if (page.events.length === 0) return events;
    after = page.next;
  }
}
