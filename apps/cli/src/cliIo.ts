/**
 * All a command may touch of the outside world: two line sinks and a stop signal. `bin.ts` wires
 * them to the process; tests wire them to arrays, so every command runs without a child process.
 */
export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
  /** Aborted on Ctrl-C: `watch` ends cleanly, a running scenario stops. */
  readonly signal?: AbortSignal;
  /**
   * Asks a question on the terminal and resolves with the line typed. Only when a person is there:
   * stdin and stdout are a terminal and the environment is not CI; otherwise absent, and nothing
   * ever waits for an answer.
   */
  readonly prompt?: (question: string, signal?: AbortSignal) => Promise<string>;
}
