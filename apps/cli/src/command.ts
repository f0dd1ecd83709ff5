/**
 * What every command is: a name, its usage and help text, the options it takes (node:util
 * parseArgs form), and a run that gets parsed input and returns an exit status. Failures are
 * thrown as CliErrors (or client errors, which reportFailure explains) and printed in one place.
 */
import type { ParseArgsConfig } from "node:util";
import type { ExitCode } from "./cliError.js";
import type { CliIo } from "./cliIo.js";
import type { ReplicaSet } from "./replicaSet.js";
import type { SessionStore } from "./sessionStore.js";

export type CommandOptions = NonNullable<ParseArgsConfig["options"]>;

export type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

export interface CommandContext {
  readonly io: CliIo;
  /** `--json`: machine-readable output on stdout, errors as `{ "error": … }` on stderr. */
  readonly json: boolean;
  readonly replicas: ReplicaSet;
  /** Where `--session <name>` keeps its causal context. */
  readonly sessions: SessionStore;
  readonly positionals: readonly string[];
  readonly values: OptionValues;
}

export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** `causal-kv put <key> <value> [--at <replica>]` */
  readonly usage: string;
  /** Lines of `--help` after the usage: options, then examples. */
  readonly help: readonly string[];
  readonly options: CommandOptions;
  run(context: CommandContext): Promise<ExitCode>;
}
