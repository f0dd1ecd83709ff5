/**
 * A write whose outcome the registry calls indefinite is reported as such, never as "failed": the
 * request may have reached the replica before the connection broke or the time ran out, or the
 * replica may have applied it before failing (`internal`, a disk sync it could not confirm).
 * Definite failures (a refusal, a replica nothing reached) pass through.
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
    if (!(error instanceof ReplicaError) || error.definite) throw error;
    const { url } = replicas.endpoint(id);
    const unknownFate = " It may or may not have been applied; read the key to find out.";
    if (!error.answered) {
      const reason = replicas.lastFailure(id)?.reason ?? error.message;
      throw new CliError(
        "indefinite",
        `${id} at ${url} gave no answer to ${what} (${reason}).${unknownFate}`,
        exitCodes.unreachable,
      );
    }
    throw new CliError(
      "indefinite",
      `${id} failed while handling ${what}: ${error.message}.${unknownFate}`,
      exitCodes.failed,
    );
  }
}
