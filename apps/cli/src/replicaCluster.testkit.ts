/**
 * Test harness: a real cluster of replica processes (`apps/replica/dist/main.js`) on free loopback
 * ports with temporary data directories, each restarted when it dies as `npm start` does (the
 * crash scenario needs that), and the CLI run in-process with its output captured in arrays.
 * Every process started here is killed when the cluster closes, and at exit if a run dies first.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePorts } from "@causal-kv/client/testkit";
import type { CliIo } from "./cliIo.js";
import { runCli } from "./runCli.js";

export { freePorts };

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const replicaMain = join(root, "apps", "replica", "dist", "main.js");
export const cliBin = join(root, "apps", "cli", "dist", "bin.js");

const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

class SupervisedReplica {
  private child: ChildProcess | undefined;
  private stopped = false;
  readonly output: string[] = [];

  constructor(
    readonly id: string,
    readonly url: string,
    private readonly env: Record<string, string>,
  ) {}

  start(): void {
    const child = spawn(process.execPath, [replicaMain], {
      env: { PATH: process.env.PATH ?? "", ...this.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    running.add(child);
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString("utf8"));
      if (this.output.length > 100) this.output.shift();
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    child.on("exit", () => {
      running.delete(child);
      if (!this.stopped) setTimeout(() => this.stopped || this.start(), 200);
    });
  }

  /** SIGSTOP: the replica keeps its port and accepts connections, but answers nothing. */
  freeze(): void {
    this.child?.kill("SIGSTOP");
  }

  thaw(): void {
    this.child?.kill("SIGCONT");
  }

  /** Stops it for good (no restart): `kill -9`. */
  stop(): Promise<void> {
    this.stopped = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  }
}

export class TestCluster {
  constructor(
    private readonly replicas: readonly SupervisedReplica[],
    private readonly dataRoot: string,
  ) {}

  /** `node1=http://127.0.0.1:p1,…`, as `--replicas` and CAUSAL_KV_REPLICAS take it. */
  get list(): string {
    return this.replicas.map(({ id, url }) => `${id}=${url}`).join(",");
  }

  get env(): Record<string, string> {
    return { CAUSAL_KV_REPLICAS: this.list };
  }

  url(id: string): string {
    const replica = this.replicas.find((candidate) => candidate.id === id);
    if (!replica) throw new Error(`no replica ${id} in this test cluster`);
    return replica.url;
  }

  /** Freezes one replica (SIGSTOP) until `thaw`: requests to it get no answer at all. */
  freeze(id: string): void {
    this.replica(id).freeze();
  }

  thaw(id: string): void {
    this.replica(id).thaw();
  }

  private replica(id: string): SupervisedReplica {
    const replica = this.replicas.find((candidate) => candidate.id === id);
    if (!replica) throw new Error(`no replica ${id} in this test cluster`);
    return replica;
  }

  /** Kills one replica for good: it stays down until the cluster closes. */
  async stop(id: string): Promise<void> {
    await this.replicas.find((replica) => replica.id === id)?.stop();
  }

  async close(): Promise<void> {
    await Promise.all(this.replicas.map((replica) => replica.stop()));
    rmSync(this.dataRoot, { recursive: true, force: true });
  }
}

export async function startCluster(size = 3): Promise<TestCluster> {
  const ports = await freePorts(size);
  const dataRoot = mkdtempSync(join(tmpdir(), "causal-kv-cli-test-"));
  const ids = ports.map((_, i) => `node${i + 1}`);
  const peers = ids.map((id, i) => `${id}=http://127.0.0.1:${ports[i]}`).join(",");
  const replicas = ids.map((id, i) => {
    const dataDir = join(dataRoot, id);
    mkdirSync(dataDir);
    return new SupervisedReplica(id, `http://127.0.0.1:${ports[i]}`, {
      REPLICA_ID: id,
      PORT: String(ports[i]),
      HOST: "127.0.0.1",
      PEERS: peers,
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
    });
  });
  const cluster = new TestCluster(replicas, dataRoot);
  for (const replica of replicas) replica.start();
  try {
    await Promise.all(replicas.map((replica) => waitForHealth(replica)));
  } catch (error) {
    await cluster.close();
    throw error;
  }
  return cluster;
}

async function waitForHealth(replica: SupervisedReplica): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ok = await fetch(`${replica.url}/health`)
      .then((response) => response.ok)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) {
      throw new Error(`${replica.id} did not answer /health:\n${replica.output.join("")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface CliRun {
  readonly status: number;
  readonly stdout: string[];
  readonly stderr: string[];
  /** stdout joined with newlines. */
  readonly text: string;
}

/** Runs the CLI in-process against `env` (usually a cluster's), output captured line by line. */
export async function cli(
  args: readonly string[],
  env: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    stdout: (line) => stdout.push(line),
    stderr: (line) => stderr.push(line),
    signal,
  };
  const status = await runCli(args, io, env);
  return { status, stdout, stderr, text: stdout.join("\n") };
}

/** Like `cli`, for a command that runs until stopped: returns its live output and a stop. */
export function cliUntilStopped(args: readonly string[], env: Record<string, string>) {
  const controller = new AbortController();
  const stdout: string[] = [];
  const stderr: string[] = [];
  const done = runCli(
    args,
    {
      stdout: (line) => stdout.push(line),
      stderr: (line) => stderr.push(line),
      signal: controller.signal,
    },
    env,
  );
  return {
    stdout,
    stderr,
    done,
    stop: async () => {
      controller.abort();
      return done;
    },
  };
}

/** Polls until `check` holds; fails naming `what` after `timeoutMs`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Repeats `read` until `done` holds of its result or `timeoutMs` passes, and returns the last
 * result either way, so the test's own assertions say what was wrong.
 */
export async function readUntil<T>(
  read: () => Promise<T>,
  done: (result: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let result = await read();
  while (!done(result) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    result = await read();
  }
  return result;
}
