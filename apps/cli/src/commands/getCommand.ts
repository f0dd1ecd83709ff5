/**
 * `get <key>`: the key's value at one replica, or all its siblings when concurrent writes left a
 * conflict. A key with no value is exit 1, so scripts can test for it.
 */
import { writeId } from "@causal-kv/core";
import { CliError, exitCodes } from "../cliError.js";
import type { Command } from "../command.js";
import { expectPositionals } from "../commandArgs.js";
import { clockText } from "../format/clockText.js";
import { textTable } from "../format/textTable.js";
import { valueText } from "../format/valueText.js";
import { atHelp, atOption, keyInput, targetReplica } from "../keyInput.js";
import {
  inSession,
  sessionHelp,
  sessionLine,
  sessionOptions,
  withSessionJson,
} from "../keySession.js";

export const getCommand: Command = {
  name: "get",
  summary: "read a key at one replica (every sibling if in conflict)",
  usage: "causal-kv get <key> [--at <replica>] [--session <name> [--wait <ms>]]",
  help: [
    "Reads <key> at one replica. Concurrent writes that no later write has seen are all",
    "kept: then every value is printed, with the write that made it. Exits 1 when the key",
    "has no value there (never written, deleted, or not arrived yet).",
    "",
    atHelp,
    ...sessionHelp,
    "",
    "example: causal-kv get color --at node3",
    "example: causal-kv get post --at node3 --session carol",
  ],
  options: { ...atOption, ...sessionOptions },
  async run(context) {
    expectPositionals(getCommand, context.positionals, ["key"]);
    const key = keyInput(getCommand, context.positionals[0] ?? "");
    const at = targetReplica(context);
    const client = context.replicas.client(at);
    const { answer: found, session } = await inSession(getCommand, context, at, (inside) =>
      inside ? inside.get(client, key) : client.get(key),
    );
    const sessionNote = () => {
      if (session && !context.json) context.io.stdout(sessionLine(session));
    };
    if (!found) {
      sessionNote();
      throw new CliError("not-found", `${key} has no value at ${at}`, exitCodes.failed);
    }
    if (context.json) {
      context.io.stdout(JSON.stringify(withSessionJson(found, session)));
      return exitCodes.ok;
    }
    const [only, ...others] = found.values;
    if (only && others.length === 0) {
      context.io.stdout(
        `${key} = ${valueText(only.value)}   (${writeId(only)}; clock ${clockText(only.clock)})`,
      );
    } else {
      context.io.stdout(
        `${key} has ${found.values.length} concurrent values at ${at} (a conflict; the next write of ${key} resolves it):`,
      );
      const rows = found.values.map((sibling) => [
        valueText(sibling.value, 60),
        writeId(sibling),
        `clock ${clockText(sibling.clock)}`,
      ]);
      for (const line of textTable(rows, "  ")) context.io.stdout(line);
    }
    sessionNote();
    return exitCodes.ok;
  },
};
