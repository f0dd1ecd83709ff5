/** `delete <key>`: a causal delete, a write of a tombstone that replicates like any write. */
import { writeId } from "@causal-kv/core";
import { exitCodes } from "../cliError.js";
import type { Command } from "../command.js";
import { expectPositionals } from "../commandArgs.js";
import { clockText } from "../format/clockText.js";
import { atHelp, atOption, keyInput, targetReplica } from "../keyInput.js";
import {
  inSession,
  sessionHelp,
  sessionLine,
  sessionOptions,
  withSessionJson,
} from "../keySession.js";
import { definiteWrite } from "../writeOutcome.js";

export const deleteCommand: Command = {
  name: "delete",
  summary: "delete a key at one replica (a tombstone write)",
  usage: "causal-kv delete <key> [--at <replica>] [--session <name> [--wait <ms>]]",
  help: [
    "Deletes <key> at one replica. A delete is a write of a tombstone: it replicates and",
    "orders like any write, and replaces every value it has seen.",
    "",
    atHelp,
    ...sessionHelp,
    "",
    "example: causal-kv delete color --at node1",
  ],
  options: { ...atOption, ...sessionOptions },
  async run(context) {
    expectPositionals(deleteCommand, context.positionals, ["key"]);
    const key = keyInput(deleteCommand, context.positionals[0] ?? "");
    const at = targetReplica(context);
    const client = context.replicas.client(at);
    const { answer: written, session } = await inSession(deleteCommand, context, at, (inside) =>
      definiteWrite(context.replicas, at, `the delete of ${key}`, () =>
        inside ? inside.delete(client, key) : client.delete(key),
      ),
    );
    if (context.json) {
      context.io.stdout(JSON.stringify(withSessionJson(written, session)));
    } else {
      context.io.stdout(
        `${at} deleted ${key} as ${writeId(written)}   [${clockText(written.clock)}]`,
      );
      if (session) context.io.stdout(sessionLine(session));
    }
    return exitCodes.ok;
  },
};
