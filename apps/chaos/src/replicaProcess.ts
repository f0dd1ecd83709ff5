/**
 * One real replica process (`node apps/replica/dist/main.js`) that the soak can kill with SIGKILL
 * and start again on the same data directory. Its last output lines are kept for failure reports.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ReplicaClient } from "@causal-kv/client";

/** The replica's build, found from here both in `src` (tests) and in `dist` (the command). */
export const replicaMain = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "replica",
  "dist",
  "main.js",
);

const running = new Set<ChildProcess>();
// Whatever happens to the soak, no replica outlives it.
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

const keptLines = 40;
/** A control request unanswered this long means the replica hangs; slower answers are only measured. */
const controlTimeoutMs = 15_000;
const startTimeoutMs = 20_000;

export class ReplicaProcess {
  readonly client: ReplicaClient;
  private child: ChildProcess | undefined;
  private readonly output: string[] = [];
  starts = 0;

  constructor(
    readonly id: string,
    readonly url: string,
    private readonly env: Readonly<Record<string, string>>,
    /** The replica's ADMIN_TOKEN, which its client sends. */
    readonly token?: string,
  ) {
    this.client = new ReplicaClient(url, { timeoutMs: controlTimeoutMs, token });
  }

  get up(): boolean {
    const child = this.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** Its last lines of output, for a report. */
  recentOutput(): string {
    return this.output.join("").split("\n").slice(-keptLines).join("\n");
  }

  /** Spawns the process and resolves once it answers /health. */
  async start(): Promise<void> {
    if (!existsSync(replicaMain)) {
      throw new Error(
        `no replica build at ${replicaMain}: run npx turbo run build --filter=@causal-kv/replica`,
      );
    }
    const child = spawn(process.execPath, [replicaMain], {
      env: { ...this.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    this.starts++;
    running.add(child);
    child.on("exit", () => running.delete(child));
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString("utf8"));
      if (this.output.length > keptLines) this.output.shift();
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    const deadline = Date.now() + startTimeoutMs;
    for (;;) {
      if (!this.up) {
        throw new Error(`${this.id} exited while starting:\n${this.recentOutput()}`);
      }
      const healthy = await this.client.health().then(
        () => true,
        () => false,
      );
      if (healthy) return;
      if (Date.now() > deadline) {
        throw new Error(`${this.id} did not answer /health within ${startTimeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** `kill -9`: no shutdown, no flush; resolves once the process is gone. */
  kill9(): Promise<void> {
    const child = this.child;
    if (!child || !this.up) return Promise.resolve();
    return new Promise((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  }
}
