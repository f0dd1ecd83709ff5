/** One HTTP client per replica, for the browser's controls; built once per endpoint list. */
import { ReplicaClient, type ReplicaEndpoint } from "@causal-kv/client";
import type { ReplicaId } from "@causal-kv/core";
import { type Cluster, clusterOf } from "@causal-kv/scenarios";

const cache = new Map<string, ReplicaClient>();

export function clientFor(endpoint: ReplicaEndpoint): ReplicaClient {
  let client = cache.get(endpoint.url);
  if (!client) {
    client = new ReplicaClient(endpoint.url, { timeoutMs: 4000 });
    cache.set(endpoint.url, client);
  }
  return client;
}

export function clientsById(
  endpoints: readonly ReplicaEndpoint[],
): Record<ReplicaId, ReplicaClient> {
  return Object.fromEntries(endpoints.map((endpoint) => [endpoint.id, clientFor(endpoint)]));
}

export function clusterFor(endpoints: readonly ReplicaEndpoint[]): Cluster {
  return clusterOf(clientsById(endpoints));
}
