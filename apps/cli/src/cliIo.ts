/**
 * All a command may touch of the outside world: two line sinks and a stop signal. `bin.ts` wires
 * them to the process; tests wire them to arrays, so every command runs without a child process.
 */
export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
  /** Aborted on Ctrl-C: `watch` ends cleanly, a running scenario stops. */
  readonly signal?: AbortSignal;
}
