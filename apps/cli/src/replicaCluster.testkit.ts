/**
 * Test harness: a real cluster of replica processes (the client test kit's) on free loopback
 * ports with temporary data directories, each restarted when it dies as `npm start` does (the
 * crash scenario needs that), and the CLI run in-process with its output captured in arrays.
 * Every process started here is killed when the cluster closes, and at exit if a run dies first.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePorts, type RealReplicas, startReplicas } from "@causal-kv/client/testkit";
import type { CliIo } from "./cliIo.js";
import { runCli } from "./runCli.js";

export { freePorts };

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const cliBin = join(root, "apps", "cli", "dist", "bin.js");

/** The client's supervised replicas, named the way the CLI takes them. */
export class TestCluster {
  constructor(private readonly replicas: RealReplicas) {}

  /** `node1=http://127.0.0.1:p1,…`, as `--replicas` and CAUSAL_KV_REPLICAS take it. */
  get list(): string {
    return this.replicas.replicas.map(({ id, url }) => `${id}=${url}`).join(",");
  }

  get env(): Record<string, string> {
    return { CAUSAL_KV_REPLICAS: this.list };
  }

  url(id: string): string {
    return this.replicas.url(id);
  }

  /** Freezes one replica (SIGSTOP) until `thaw`: it keeps its port but answers nothing. */
  freeze(id: string): void {
    this.replicas.replica(id).freeze();
  }

  thaw(id: string): void {
    this.replicas.replica(id).thaw();
  }

  /** Kills one replica for good: it stays down until the cluster closes. */
  async stop(id: string): Promise<void> {
    await this.replicas.replica(id).stop();
  }

  async close(): Promise<void> {
    await this.replicas.stop();
  }
}

/** `env` is added to every replica's environment (ADMIN_TOKEN, CLIENT_TOKEN…). */
export async function startCluster(
  size = 3,
  env: Readonly<Record<string, string>> = {},
): Promise<TestCluster> {
  return new TestCluster(await startReplicas(size, { env }));
}

export interface CliRun {
  readonly status: number;
  /** The questions asked on the (pretend) terminal, in order. */
  readonly prompts: string[];
  readonly stdout: string[];
  readonly stderr: string[];
  /** stdout joined with newlines. */
  readonly text: string;
}

/**
 * Runs the CLI in-process against `env` (usually a cluster's), output captured line by line. With
 * `typed`, it runs as on a terminal where a person types those lines, one per question.
 */
export async function cli(
  args: readonly string[],
  env: Record<string, string> = {},
  signal?: AbortSignal,
  typed?: readonly string[],
): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const prompts: string[] = [];
  const lines = [...(typed ?? [])];
  const io: CliIo = {
    stdout: (line) => stdout.push(line),
    stderr: (line) => stderr.push(line),
    signal,
    ...(typed
      ? {
          prompt: async (question: string) => {
            prompts.push(question);
            const line = lines.shift();
            if (line === undefined) throw new Error(`nothing typed for "${question}"`);
            return line;
          },
        }
      : {}),
  };
  const status = await runCli(args, io, env);
  return { status, prompts, stdout, stderr, text: stdout.join("\n") };
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
