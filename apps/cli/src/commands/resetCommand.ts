/**
 * `reset`: every replica to one new epoch, higher than any of theirs: stores, buffers and journals
 * empty, links healthy, causal delivery. If any replica is unreachable, none is reset.
 */
import { resetCluster } from "@causal-kv/scenarios";
import { exitCodes } from "../cliError.js";
import type { Command } from "../command.js";
import { expectPositionals } from "../commandArgs.js";

export const resetCommand: Command = {
  name: "reset",
  summary: "empty every replica and start a new epoch",
  usage: "causal-kv reset",
  help: [
    "Resets every listed replica to one new epoch, higher than any of theirs: stores, buffers",
    "and journals empty, links healthy, causal delivery. Messages from before the reset are",
    "ignored everywhere. Every replica is asked first, so if one does not answer none is reset.",
    "",
    "example: causal-kv reset",
  ],
  options: {},
  async run(context) {
    expectPositionals(resetCommand, context.positionals, []);
    const epoch = await resetCluster(context.replicas.cluster());
    const ids = context.replicas.ids;
    if (context.json) {
      context.io.stdout(JSON.stringify({ epoch, replicas: ids }));
    } else {
      context.io.stdout(
        `reset ${ids.join(", ")} to epoch ${epoch}: stores, buffers and journals empty, links healthy, causal delivery`,
      );
    }
    return exitCodes.ok;
  },
};
