/**
 * One real replica process (`node apps/replica/dist/main.js`, spawned by path since packages never
 * import apps) on a fixed port and data directory. Supervised, it is started again 300 ms after it
 * exits, on the same DATA_DIR, as the lab's supervisor does; unsupervised, it stays down until
 * `start` is called. Every process started here is killed at exit if a test run dies first.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const replicaMain = fileURLToPath(
  new URL("../../../apps/replica/dist/main.js", import.meta.url).href,
);
const restartDelayMs = 300;
const keptChunks = 200;
const running = new Set<ChildProcess>();
// A test run that dies early must not leave replicas behind.
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** Fails early, saying how to build, when the replica has not been built. */
export function assertReplicaBuilt(): void {
  if (!existsSync(replicaMain)) {
    throw new Error(
      `${replicaMain} is missing: build the replica first (npx turbo run build --filter=@causal-kv/replica)`,
    );
  }
}

export interface ReplicaProcessOptions {
  readonly scheme?: "http" | "https" | undefined;
  /** How to tell it answers; by default a fetch of its /health. */
  readonly healthy?: ((url: string) => Promise<boolean>) | undefined;
}

const fetchHealth = (url: string) =>
  fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) }).then(
    (response) => response.ok,
    () => false,
  );

/** One replica process: its address, how often it was started, and its recent output. */
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
    /** Whether it is started again when it exits, until `stop`. */
    readonly supervised = true,
    private readonly options: ReplicaProcessOptions = {},
  ) {}

  get url(): string {
    return `${this.options.scheme ?? "http"}://127.0.0.1:${this.port}`;
  }

  /** Whether the process is running (a frozen one counts). */
  get up(): boolean {
    const child = this.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  spawn(): void {
    this.stopping = false;
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
      if (this.output.length > keptChunks) this.output.shift();
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    child.on("exit", (code, signal) => {
      running.delete(child);
      if (this.stopping || !this.supervised) return;
      this.output.push(`[${this.id} exited (${signal ?? code}); restarting]\n`);
      setTimeout(() => {
        if (!this.stopping) this.spawn();
      }, restartDelayMs);
    });
  }

  /** Spawns the process again on its data directory and waits until it answers. */
  async start(timeoutMs?: number): Promise<void> {
    this.spawn();
    await this.ready(timeoutMs);
  }

  /**
   * Resolves once /health answers 200; fails with the process output if it never does, or at
   * once if an unsupervised process exits first (a supervised one is waited for across restarts).
   */
  async ready(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.supervised && !this.up)
        throw new Error(`${this.id} exited while starting:\n${this.output.join("")}`);
      const ok = await (this.options.healthy ?? fetchHealth)(this.url);
      if (ok) return;
      if (Date.now() > deadline)
        throw new Error(`${this.id} did not answer /health:\n${this.output.join("")}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Resolves with the signal (or exit code) that ends the running process. */
  exited(): Promise<NodeJS.Signals | number | null> {
    const child = this.child;
    if (!child || !this.up) return Promise.resolve(child?.signalCode ?? child?.exitCode ?? null);
    return new Promise((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
  }

  /** `kill -9`: no shutdown, no flush; a supervised process comes back, as after a crash. */
  kill9(): Promise<void> {
    const child = this.child;
    if (!child || !this.up) return Promise.resolve();
    const gone = this.exited();
    child.kill("SIGKILL");
    return gone.then(() => undefined);
  }

  /** Sends the running process a signal. */
  signal(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  /** Freezes the process (SIGSTOP) until `thaw`: it keeps its port but answers nothing. */
  freeze(): void {
    this.child?.kill("SIGSTOP");
  }

  thaw(): void {
    this.child?.kill("SIGCONT");
  }

  /** Stops supervising and kills the process, as kill -9 would. */
  stop(): Promise<void> {
    this.stopping = true;
    return this.kill9();
  }
}
