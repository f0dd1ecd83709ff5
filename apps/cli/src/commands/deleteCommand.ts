/** `delete <key>`: a causal delete, a write of a tombstone that replicates like any write. */
import { writeId } from "@causal-kv/core";
import { exitCodes } from "../cliError.js";
import type { Command } from "../command.js";
import { expectPositionals } from "../commandArgs.js";
import { clockText } from "../format/clockText.js";
import { atHelp, atOption, keyInput, targetReplica } from "../keyInput.js";
import { definiteWrite } from "../writeOutcome.js";

export const deleteCommand: Command = {
  name: "delete",
  summary: "delete a key at one replica (a tombstone write)",
  usage: "causal-kv delete <key> [--at <replica>]",
  help: [
    "Deletes <key> at one replica. A delete is a write of a tombstone: it replicates and",
    "orders like any write, and replaces every value it has seen.",
    "",
    atHelp,
    "",
    "example: causal-kv delete color --at node1",
  ],
  options: atOption,
  async run(context) {
    expectPositionals(deleteCommand, context.positionals, ["key"]);
    const key = keyInput(deleteCommand, context.positionals[0] ?? "");
    const at = targetReplica(context);
    const written = await definiteWrite(context.replicas, at, `the delete of ${key}`, () =>
      context.replicas.client(at).delete(key),
    );
    if (context.json) {
      context.io.stdout(JSON.stringify(written));
    } else {
      context.io.stdout(
        `${at} deleted ${key} as ${writeId(written)}   [${clockText(written.clock)}]`,
      );
    }
    return exitCodes.ok;
  },
};
