/** `put <key> <value>`: one write at one replica, which replicates it to the others. */
import { writeId } from "@causal-kv/core";
import { exitCodes } from "../cliError.js";
import type { Command } from "../command.js";
import { expectPositionals } from "../commandArgs.js";
import { clockText } from "../format/clockText.js";
import { valueText } from "../format/valueText.js";
import { atHelp, atOption, keyInput, targetReplica, valueInput } from "../keyInput.js";
import {
  inSession,
  sessionHelp,
  sessionLine,
  sessionOptions,
  withSessionJson,
} from "../keySession.js";
import { definiteWrite } from "../writeOutcome.js";

export const putCommand: Command = {
  name: "put",
  summary: "write a value to a key at one replica",
  usage: "causal-kv put <key> <value> [--at <replica>] [--session <name> [--wait <ms>]]",
  help: [
    "Writes <value> to <key> at one replica, which sends it on to the others. Prints the",
    "write's id (replica:count) and the replica's vector clock after it.",
    "",
    atHelp,
    ...sessionHelp,
    "",
    "example: causal-kv put color red --at node2",
    "example: causal-kv put reply yes --at node2 --session bob",
  ],
  options: { ...atOption, ...sessionOptions },
  async run(context) {
    expectPositionals(putCommand, context.positionals, ["key", "value"]);
    const key = keyInput(putCommand, context.positionals[0] ?? "");
    const value = valueInput(putCommand, context.positionals[1] ?? "");
    const at = targetReplica(context);
    const client = context.replicas.client(at);
    const { answer: written, session } = await inSession(putCommand, context, at, (inside) =>
      definiteWrite(context.replicas, at, `the write of ${key}`, () =>
        inside ? inside.put(client, key, value) : client.put(key, value),
      ),
    );
    if (context.json) {
      context.io.stdout(JSON.stringify(withSessionJson(written, session)));
    } else {
      context.io.stdout(
        `${at} wrote ${key} = ${valueText(value, 60)} as ${writeId(written)}   [${clockText(written.clock)}]`,
      );
      if (session) context.io.stdout(sessionLine(session));
    }
    return exitCodes.ok;
  },
};
