/**
 * One child process under supervision: spawned from an injected command, arguments and whole
 * environment, ready once its health URL answers, and, when given a restart delay, started again
 * that long after every exit until `stop`. No child outlives the process that started it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import type { Readable } from "node:stream";

export interface ProcessCommand {
  /** The executable, e.g. `process.execPath`, or a wrapper such as `ip netns exec …`. */
  readonly command: string;
  readonly args: readonly string[];
  /** The child's whole environment: nothing is inherited that is not passed here. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface SupervisedProcessOptions extends ProcessCommand {
  readonly name: string;
  /** Polled by `ready`: a 2xx answer means the process is up. */
  readonly healthUrl: string;
  /** Polled by `ready` instead of a plain fetch of `healthUrl` (one over TLS with a test CA). */
  readonly healthy?: () => Promise<boolean>;
  /** When set, the process is started again this long after it exits, until `stop`. */
  readonly restartDelayMs?: number;
  /** Each line of its output as it comes, and a line for each exit. */
  readonly onLine?: (line: string) => void;
}

const keptLines = 200;
const pollMs = 50;
const running = new Set<ChildProcess>();
// Whatever ends the parent, no child is left behind.
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export class SupervisedProcess {
  readonly name: string;
  /** How many times it was spawned: 1 + its restarts. */
  starts = 0;
  private child: ChildProcess | undefined;
  private failedToSpawn = false;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  /** Settles once the current child's output has been read to the end. */
  private outputRead: Promise<void> = Promise.resolve();
  private readonly lines: string[] = [];

  constructor(private readonly options: SupervisedProcessOptions) {
    this.name = options.name;
  }

  get supervised(): boolean {
    return this.options.restartDelayMs !== undefined;
  }

  /** Whether its process is running (a frozen one counts). */
  get up(): boolean {
    const child = this.child;
    return (
      child !== undefined &&
      !this.failedToSpawn &&
      child.exitCode === null &&
      child.signalCode === null
    );
  }

  get pid(): number | undefined {
    return this.up ? this.child?.pid : undefined;
  }

  /** Its last lines of output, for a failure report. */
  recentOutput(lines = 40): string {
    return this.lines.slice(-lines).join("\n");
  }

  /** Spawns the process now, without waiting for it to answer. */
  spawn(): void {
    clearTimeout(this.restartTimer);
    this.stopping = false;
    this.failedToSpawn = false;
    const { command, args, env } = this.options;
    // The cast is for programs whose types make ProcessEnv stricter (Next requires NODE_ENV).
    const childEnv = { ...env } as NodeJS.ProcessEnv;
    const child = spawn(command, [...args], { env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    this.starts++;
    running.add(child);
    this.readLines(child.stdout);
    this.readLines(child.stderr);
    this.outputRead = new Promise((resolve) => {
      child.once("close", () => resolve());
      child.once("error", () => resolve());
    });
    child.on("error", (error) => {
      // A command that cannot be spawned is not restarted: it would fail again at once.
      this.failedToSpawn = true;
      running.delete(child);
      this.record(`failed to start ${command}: ${error.message}`);
    });
    child.on("exit", (code, signal) => {
      running.delete(child);
      if (this.stopping || this.failedToSpawn) return;
      const restart = this.supervised && this.child === child;
      this.record(`exited (${signal ?? code})${restart ? "; restarting" : ""}`);
      if (restart) this.restartTimer = setTimeout(() => this.spawn(), this.options.restartDelayMs);
    });
  }

  /** Spawns the process and waits until it answers. */
  async start(timeoutMs?: number): Promise<void> {
    this.spawn();
    await this.ready(timeoutMs);
  }

  /**
   * Resolves once the health URL answers; fails with the recent output if it never does, or at
   * once if an unsupervised process exits first (a supervised one is waited for across restarts).
   */
  async ready(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ((!this.supervised || this.failedToSpawn) && !this.up) {
        // Its last words may still be in the pipe when the exit is seen.
        await Promise.race([this.outputRead, new Promise((resolve) => setTimeout(resolve, 1000))]);
        throw new Error(`${this.name} exited while starting:\n${this.recentOutput()}`);
      }
      const answered = await (this.options.healthy ?? (() => this.fetchHealth()))();
      if (answered) return;
      if (Date.now() > deadline) {
        throw new Error(
          `${this.name} did not answer ${this.options.healthUrl} within ${timeoutMs} ms:\n${this.recentOutput()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  /** Resolves with the signal (or exit code) that ends the running process. */
  exited(): Promise<NodeJS.Signals | number | null> {
    const child = this.child;
    if (!child || !this.up) return Promise.resolve(child?.signalCode ?? child?.exitCode ?? null);
    return new Promise((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
  }

  /** `kill -9`: no shutdown, no flush; a supervised process comes back, as after a crash. */
  async kill9(): Promise<void> {
    const gone = this.exited();
    if (this.up) this.child?.kill("SIGKILL");
    await gone;
  }

  /** Sends the running process a signal. */
  signal(signal: NodeJS.Signals): void {
    if (this.up) this.child?.kill(signal);
  }

  /** Freezes the process (SIGSTOP) until `thaw`: it keeps its port but answers nothing. */
  freeze(): void {
    if (this.up) this.child?.kill("SIGSTOP");
  }

  thaw(): void {
    if (this.up) this.child?.kill("SIGCONT");
  }

  /**
   * Stops supervising and ends the process: with `graceMs`, SIGTERM first and SIGKILL only if it
   * is still running that much later; without, SIGKILL at once.
   */
  async stop(graceMs = 0): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || !this.up) return;
    const gone = this.exited();
    if (graceMs > 0) {
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), graceMs).unref();
    } else {
      child.kill("SIGKILL");
    }
    await gone;
  }

  private fetchHealth(): Promise<boolean> {
    return fetch(this.options.healthUrl, { signal: AbortSignal.timeout(2000) })
      .then((response) => response.ok)
      .catch(() => false);
  }

  private readLines(stream: Readable | null): void {
    let partial = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      const parts = (partial + chunk).split("\n");
      partial = parts.pop() ?? "";
      for (const line of parts) this.record(line);
    });
    stream?.on("end", () => {
      if (partial) this.record(partial);
      partial = "";
    });
  }

  private record(line: string): void {
    if (line.trim() === "") return;
    this.lines.push(line);
    if (this.lines.length > keptLines) this.lines.shift();
    this.options.onLine?.(line);
  }
}
