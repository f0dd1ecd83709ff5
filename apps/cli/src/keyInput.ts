/**
 * Keys, values and the `--at` replica of the key commands, checked with the protocol's own schemas
 * before any request: bad input is a usage error (exit 2) and reaches no replica.
 */
import { keySchema, valueSchema } from "@causal-kv/protocol";
import { usageError } from "./cliError.js";
import type { Command, CommandContext } from "./command.js";
import { usageHint } from "./commandArgs.js";

export const atOption = { at: { type: "string" } } as const;

export const atHelp = "  --at <replica>   the replica to ask (default: the first listed, node1)";

export function keyInput(command: Command, text: string): string {
  const parsed = keySchema.safeParse(text);
  if (!parsed.success) {
    throw usageError(`${command.name}: ${parsed.error.issues[0]?.message}`, usageHint(command));
  }
  return parsed.data;
}

export function valueInput(command: Command, text: string): string {
  const parsed = valueSchema.safeParse(text);
  if (!parsed.success) {
    throw usageError(`${command.name}: ${parsed.error.issues[0]?.message}`, usageHint(command));
  }
  return parsed.data;
}

/** The replica named by `--at`, known to the replica list, or the first one. */
export function targetReplica(context: CommandContext): string {
  const at = context.values.at;
  if (typeof at === "string") return context.replicas.endpoint(at).id;
  const first = context.replicas.ids[0];
  if (first === undefined) throw usageError("no replicas are listed");
  return first;
}
