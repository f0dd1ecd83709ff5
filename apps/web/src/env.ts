/**
 * The dashboard's only reader of process.env, on the server at request time, so one build serves
 * any cluster. PUBLIC_REPLICA_URLS lists the replicas as the browser reaches them.
 */
import type { ReplicaEndpoint } from "@causal-kv/client";
import { parseReplicaEndpoints } from "./lab/replicaEndpoints";

export function replicaEndpointsFromEnv(): ReplicaEndpoint[] {
  const text =
    process.env.PUBLIC_REPLICA_URLS ??
    "node1=http://localhost:5001,node2=http://localhost:5002,node3=http://localhost:5003";
  try {
    return parseReplicaEndpoints(text);
  } catch (error) {
    throw new Error(
      `PUBLIC_REPLICA_URLS is not valid: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
