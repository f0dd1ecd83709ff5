/**
 * Errors are data: every way a command can fail has a code, an exit status and a sentence for the
 * user. `indefinite` marks a write whose request got no clear answer: it may or may not have been
 * applied, and the user must be told so rather than that it failed.
 */
export const exitCodes = {
  ok: 0,
  /** The replica refused (4xx/5xx), a scenario's verdict failed, or a key has no value. */
  failed: 1,
  /** Bad input: unknown command or replica, missing argument, bad number. */
  usage: 2,
  /** A replica did not answer. */
  unreachable: 3,
  /** Stopped by Ctrl-C. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

export type CliErrorCode =
  | "usage"
  | "unreachable"
  | "indefinite"
  | "refused"
  | "not-found"
  | "context-not-reached"
  | "timeout"
  | "interrupted"
  | "internal";

export class CliError extends Error {
  override readonly name = "CliError";

  constructor(
    readonly code: CliErrorCode,
    message: string,
    readonly exitCode: ExitCode,
    /** A line on what to type instead, such as the command's usage. */
    readonly hint?: string,
  ) {
    super(message);
  }

  get indefinite(): boolean {
    return this.code === "indefinite";
  }
}

/** Bad input: exit 2, with the usage line of the command that was mistyped. */
export function usageError(message: string, usage?: string): CliError {
  return new CliError("usage", message, exitCodes.usage, usage);
}
