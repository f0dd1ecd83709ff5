/**
 * Test harness: real replica processes (the client test kit's, unsupervised: one that dies stays
 * down until the test starts it again) on free loopback ports with temporary data directories, and
 * small HTTP helpers that show a reply as it came, status and text, whatever it is. A cluster
 * started with a token sends it on every request unless a request says otherwise.
 */
import {
  type ReplicaProcess as RealReplica,
  type RealReplicas,
  startReplicas,
  waitFor as waitUntil,
} from "@causal-kv/client/testkit";
import type { JournalEvent } from "@causal-kv/core";
import {
  eventsPageSchema,
  type LinkSettings,
  type StatusResponse,
  statusResponseSchema,
  type WriteResponse,
  writeResponseSchema,
} from "@causal-kv/protocol";

const startTimeoutMs = 15_000;

export interface Reply<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly text: string;
}

/** Request headers; one set to undefined is left out (`{ authorization: undefined }`: no token). */
export type Headers = Readonly<Record<string, string | undefined>>;

export class ReplicaProcess {
  constructor(
    private readonly real: RealReplica,
    /** Sent as `Authorization: Bearer` on every request that does not set its own. */
    readonly token?: string,
  ) {}

  get id(): string {
    return this.real.id;
  }

  get url(): string {
    return this.real.url;
  }

  get dataDir(): string {
    const { dataDir } = this.real;
    if (dataDir === undefined) throw new Error(`${this.id} was started without a DATA_DIR`);
    return dataDir;
  }

  /** The running process's id, if it runs. */
  get pid(): number | undefined {
    return this.real.pid;
  }

  /** Sends the running process a signal. */
  signal(signal: NodeJS.Signals): void {
    this.real.signal(signal);
  }

  /** Starts the process again on the same data directory and waits until it answers. */
  start(): Promise<void> {
    return this.real.start(startTimeoutMs);
  }

  /** `kill -9`: no shutdown, no flush. */
  kill9(): Promise<void> {
    return this.real.kill9();
  }

  /** Resolves with the signal (or exit code) that ends the running process. */
  exited(): Promise<NodeJS.Signals | number | null> {
    return this.real.exited();
  }

  /** Its recent output, stdout and stderr. */
  get output(): string {
    return this.real.recentOutput();
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Headers = {},
  ): Promise<Reply<T>> {
    const given: Record<string, string | undefined> = {
      ...(this.token === undefined ? {} : { authorization: `Bearer ${this.token}` }),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    };
    const sent = Object.fromEntries(
      Object.entries(given).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    const init: RequestInit = { method, headers: sent };
    if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
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
}

export interface ClusterOptions {
  readonly size?: number;
  readonly env?: Record<string, string>;
  /** The token every request sends by default (the cluster's ADMIN_TOKEN). */
  readonly token?: string;
}

export class Cluster {
  readonly nodes: readonly ReplicaProcess[];

  constructor(
    private readonly replicas: RealReplicas,
    token?: string,
  ) {
    this.nodes = replicas.replicas.map((replica) => new ReplicaProcess(replica, token));
  }

  node(index: number): ReplicaProcess {
    const node = this.nodes[index];
    if (!node) throw new Error(`no node ${index}`);
    return node;
  }

  close(): Promise<void> {
    return this.replicas.stop();
  }
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const replicas = await startReplicas(options.size ?? 3, {
    supervised: false,
    env: options.env ?? {},
  });
  return new Cluster(replicas, options.token);
}

/** Polls until `check` is true; fails with `what` after `timeoutMs`. */
export function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  return waitUntil(what, check, timeoutMs);
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
  let pending = "";
  await waitFor(
    async () => {
      const statuses = await Promise.all(cluster.nodes.map(statusOf));
      const texts = statuses.map(stateText);
      last = texts.join("\n");
      pending = statuses
        .map(
          (status, i) =>
            `${cluster.nodes[i]?.id}: buffered ${status.buffer.length}, unacknowledged ${JSON.stringify(status.unacknowledged)}, rejoining ${JSON.stringify(status.rejoining)}`,
        )
        .join("\n");
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
    throw new Error(`${String(error)}\n${pending}\nlast states:\n${last.slice(0, 3000)}`);
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
