/**
 * Turns whatever a command threw into a CliError (a sentence and an exit status) and prints it:
 * text on stderr, or with `--json` one `{ "error": … }` line. Stack traces are never shown.
 */
import { ReplicaError } from "@causal-kv/client";
import { ScenarioTimeout } from "@causal-kv/scenarios";
import { adminTokenHint } from "./adminToken.js";
import { CliError, exitCodes } from "./cliError.js";
import type { CliIo } from "./cliIo.js";
import type { ReplicaSet } from "./replicaSet.js";

export function explainFailure(error: unknown, replicas: ReplicaSet | undefined): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof ReplicaError) {
    const endpoint = replicas?.byUrl(error.replicaUrl);
    const name = endpoint ? `${endpoint.id} at ${endpoint.url}` : error.replicaUrl;
    if (!error.answered) {
      const reason = endpoint ? replicas?.lastFailure(endpoint.id)?.reason : undefined;
      return new CliError(
        "unreachable",
        `${name} is unreachable: ${reason ?? error.message}`,
        exitCodes.unreachable,
        "is the cluster running? `npm start` starts node1..node3 on ports 5001-5003",
      );
    }
    const credentials = error.code === "unauthorized" || error.code === "forbidden";
    return new CliError(
      "refused",
      `${endpoint?.id ?? error.replicaUrl} refused: ${error.message} (${error.status} ${error.code})`,
      exitCodes.failed,
      credentials ? adminTokenHint : undefined,
    );
  }
  if (error instanceof ScenarioTimeout) {
    return new CliError("timeout", error.message, exitCodes.failed);
  }
  if (error instanceof Error && error.name === "AbortError") {
    return new CliError("interrupted", "stopped", exitCodes.interrupted);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CliError("internal", `unexpected error: ${message}`, exitCodes.failed);
}

export function printFailure(error: CliError, json: boolean, io: CliIo): void {
  if (json) {
    const { code, message, exitCode, hint, indefinite } = error;
    io.stderr(JSON.stringify({ error: { code, message, exitCode, indefinite, hint } }));
    return;
  }
  io.stderr(`causal-kv: ${error.message}`);
  if (error.hint) io.stderr(error.hint);
}
