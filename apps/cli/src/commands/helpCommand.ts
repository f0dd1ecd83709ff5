/** `help [command]`: the command list, or one command's usage, options and examples. */
import { exitCodes, usageError } from "../cliError.js";
import type { CliIo } from "../cliIo.js";
import type { Command } from "../command.js";
import { expectPositionals } from "../commandArgs.js";
import { textTable } from "../format/textTable.js";

export function commandHelp(command: Command): string[] {
  return [`usage: ${command.usage}`, "", ...command.help];
}

export function generalHelp(commands: readonly Command[]): string[] {
  return [
    "causal-kv: talk to a causal-kv cluster from the command line",
    "",
    "usage: causal-kv <command> [arguments] [--replicas <list>] [--admin-token <token>] [--json]",
    "",
    ...textTable(
      commands.map((command) => [command.name, command.summary]),
      "  ",
    ),
    "",
    "  --replicas <list>   the replicas, id=url pairs: node1=http://127.0.0.1:5001,node2=…",
    "                      (default: $CAUSAL_KV_REPLICAS, else node1..node3 on ports 5001-5003)",
    "  --admin-token <t>   the cluster's ADMIN_TOKEN (default: $CAUSAL_KV_ADMIN_TOKEN, else the",
    "                      one npm start keeps in $DATA_ROOT/credentials.json, .data/ by default)",
    "  --json              machine-readable output on stdout; errors as JSON on stderr",
    "  --help, -h          help; causal-kv <command> --help for one command",
    "",
    "exit status: 0 ok, 1 refused or did not hold, 2 bad input, 3 a replica did not answer",
  ];
}

export function helpCommand(commands: () => readonly Command[]): Command {
  const command: Command = {
    name: "help",
    summary: "this list, or one command's options and examples",
    usage: "causal-kv help [<command>]",
    help: ["example: causal-kv help link"],
    options: {},
    async run(context) {
      expectPositionals(command, context.positionals, [], ["command"]);
      printHelp(context.io, commands(), context.positionals[0]);
      return exitCodes.ok;
    },
  };
  return command;
}

export function printHelp(io: CliIo, commands: readonly Command[], name?: string): void {
  if (name === undefined) {
    for (const line of generalHelp(commands)) io.stdout(line);
    return;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) throw unknownCommand(name, commands);
  for (const line of commandHelp(command)) io.stdout(line);
}

export function unknownCommand(name: string, commands: readonly Command[]) {
  return usageError(
    `unknown command "${name}"`,
    `the commands are ${commands.map((command) => command.name).join(", ")}; causal-kv --help says more`,
  );
}
