/**
 * The crash step: asks a replica to kill itself. Only a request left unanswered counts as done
 * without an answer; any other failure (an answered error, a bad reply) still fails the step.
 */
import { ReplicaError } from "@causal-kv/client";
import type { ReplicaId } from "@causal-kv/core";
import type { Cluster } from "./cluster.js";

/** The replica answers, then kills itself; an unanswered request means it died first, as asked. */
export async function crash(cluster: Cluster, id: ReplicaId): Promise<void> {
  try {
    await cluster.client(id).crash();
  } catch (error) {
    if (!(error instanceof ReplicaError && !error.answered)) throw error;
  }
}
