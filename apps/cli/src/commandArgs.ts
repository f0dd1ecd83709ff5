/**
 * Splits a command line into the command's name and its parsed options, strictly: an unknown
 * option, a missing value or a stray argument is a usage error (exit 2) naming the command's usage.
 * The global options (`--replicas`, `--admin-token`, `--json`, `--help`) may stand anywhere.
 */
import { parseArgs } from "node:util";
import { usageError } from "./cliError.js";
import type { Command, CommandOptions, OptionValues } from "./command.js";

export const globalOptions = {
  replicas: { type: "string" },
  "admin-token": { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies CommandOptions;

/** The first word that is neither an option nor the value of `--replicas` or `--admin-token`. */
export function splitCommand(argv: readonly string[]): { name?: string; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--replicas" || arg === "--admin-token") {
      i++;
      continue;
    }
    if (arg === "--") break;
    if (!arg.startsWith("-"))
      return { name: arg, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { rest: [...argv] };
}

export interface ParsedArgs {
  readonly values: OptionValues;
  readonly positionals: string[];
}

export function parseCommandArgs(command: Command, args: readonly string[]): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { ...command.options, ...globalOptions },
      allowPositionals: true,
      allowNegative: true,
      strict: true,
    });
    return { values: values as OptionValues, positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw usageError(`${command.name}: ${plainParseError(message)}`, usageHint(command));
  }
}

/** Fails with the usage unless exactly the named arguments were given. */
export function expectPositionals(
  command: Command,
  positionals: readonly string[],
  names: readonly string[],
  optional: readonly string[] = [],
): void {
  if (positionals.length < names.length) {
    const missing = names.slice(positionals.length).map((name) => `<${name}>`);
    throw usageError(`${command.name}: missing ${missing.join(" and ")}`, usageHint(command));
  }
  if (positionals.length > names.length + optional.length) {
    const extra = positionals.slice(names.length + optional.length);
    throw usageError(
      `${command.name}: unexpected argument${extra.length > 1 ? "s" : ""} ${extra.map((a) => JSON.stringify(a)).join(" ")}`,
      usageHint(command),
    );
  }
}

export function usageHint(command: Command): string {
  return `usage: ${command.usage}\n(causal-kv ${command.name} --help says more)`;
}

/** parseArgs speaks of "Option '--delay <value>' argument missing"; say it plainly. */
function plainParseError(message: string): string {
  return message
    .replace(
      /^Option '(--[^ ']+).*?' argument is ambiguous.*$/s,
      "$1 needs a value ($1=-1 for one that starts with -)",
    )
    .replace(/^Option '(--[^ ']+).*?' argument missing$/, "$1 needs a value")
    .replace(/^Option '(--[^ ']+).*?' does not take an argument$/, "$1 takes no value")
    .replace(/^Unknown option '(.+?)'.*$/s, "unknown option $1")
    .replace(/^Unexpected argument '(.+?)'.*$/s, "unexpected argument $1");
}
