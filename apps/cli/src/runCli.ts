/**
 * The whole command line in one call: picks the command, parses its options, finds the replicas
 * (`--replicas`, else `CAUSAL_KV_REPLICAS`, else the `npm start` cluster) and the admin token,
 * runs it and returns the exit status. Every failure is printed here, once, as a sentence (or JSON
 * with `--json`).
 */
import type { ReplicaEndpoint } from "@causal-kv/client";
import { resolveAdminToken } from "./adminToken.js";
import { type ExitCode, exitCodes, usageError } from "./cliError.js";
import type { CliIo } from "./cliIo.js";
import type { Command } from "./command.js";
import { parseCommandArgs, splitCommand } from "./commandArgs.js";
import { deleteCommand } from "./commands/deleteCommand.js";
import { getCommand } from "./commands/getCommand.js";
import { commandHelp, helpCommand, printHelp, unknownCommand } from "./commands/helpCommand.js";
import { linkCommand } from "./commands/linkCommand.js";
import { putCommand } from "./commands/putCommand.js";
import { resetCommand } from "./commands/resetCommand.js";
import { scenarioCommand } from "./commands/scenarioCommand.js";
import { statusCommand } from "./commands/statusCommand.js";
import { watchCommand } from "./commands/watchCommand.js";
import { type CliEnv, parseCliEnv, sessionDirectory } from "./env.js";
import { defaultReplicas, parseReplicaList } from "./replicaList.js";
import { ReplicaSet } from "./replicaSet.js";
import { explainFailure, printFailure } from "./reportFailure.js";
import { SessionStore } from "./sessionStore.js";

export const commands: readonly Command[] = [
  putCommand,
  getCommand,
  deleteCommand,
  statusCommand,
  watchCommand,
  linkCommand,
  resetCommand,
  scenarioCommand,
  helpCommand(() => commands),
];

export async function runCli(
  argv: readonly string[],
  io: CliIo,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ExitCode> {
  const json = argv.includes("--json");
  let replicas: ReplicaSet | undefined;
  try {
    const { name, rest } = splitCommand(argv);
    if (name === undefined) {
      const asked = rest.includes("--help") || rest.includes("-h");
      if (!asked) throw usageError("no command given", "causal-kv --help lists the commands");
      printHelp(io, commands);
      return exitCodes.ok;
    }
    const command = commands.find((candidate) => candidate.name === name);
    if (!command) throw unknownCommand(name, commands);
    const { values, positionals } = parseCommandArgs(command, rest);
    if (values.help === true) {
      for (const line of commandHelp(command)) io.stdout(line);
      return exitCodes.ok;
    }
    const cliEnv = parseCliEnv(env);
    const option = values["admin-token"];
    const token = resolveAdminToken({
      option: typeof option === "string" ? option : undefined,
      env: cliEnv.adminToken,
      dataRoot: cliEnv.dataRoot,
    });
    replicas = new ReplicaSet(replicaEndpoints(values.replicas, cliEnv), token);
    const sessions = new SessionStore(sessionDirectory(env));
    // In CI nobody answers: a question is printed and the run goes on.
    const asked: CliIo = cliEnv.ci ? { ...io, prompt: undefined } : io;
    return await command.run({ io: asked, json, replicas, sessions, positionals, values });
  } catch (error) {
    const failure = explainFailure(error, replicas);
    printFailure(failure, json, io);
    return failure.exitCode;
  }
}

function replicaEndpoints(
  option: string | boolean | undefined,
  env: CliEnv,
): readonly ReplicaEndpoint[] {
  if (typeof option === "string") {
    const list = parseReplicaList(option);
    if ("problem" in list) {
      throw usageError(
        `--replicas is not a replica list: ${list.problem}`,
        "--replicas node1=http://127.0.0.1:5001,node2=http://127.0.0.1:5002",
      );
    }
    return list.endpoints;
  }
  return env.replicas ?? defaultReplicas;
}
