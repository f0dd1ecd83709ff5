/**
 * A write that got no clear answer is indefinite, never "failed": the request may have reached the
 * replica and been applied before the connection broke or the time ran out, or the replica may
 * have failed after applying it (its `internal` error says so). Anything else passes through.
 */
import { ReplicaError } from "@causal-kv/client";
import { CliError, exitCodes } from "./cliError.js";
import type { ReplicaSet } from "./replicaSet.js";

export async function definiteWrite<T>(
  replicas: ReplicaSet,
  id: string,
  what: string,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof ReplicaError)) throw error;
    const { url } = replicas.endpoint(id);
    const failure = replicas.lastFailure(id);
    const unknownFate = " It may or may not have been applied; read the key to find out.";
    if (error.unreachable && failure?.mayHaveArrived) {
      throw new CliError(
        "indefinite",
        `${id} at ${url} gave no answer to ${what} (${failure.reason}).${unknownFate}`,
        exitCodes.unreachable,
      );
    }
    if (error.code === "internal") {
      throw new CliError(
        "indefinite",
        `${id} failed while handling ${what}: ${error.message}.${unknownFate}`,
        exitCodes.failed,
      );
    }
    throw error;
  }
}
