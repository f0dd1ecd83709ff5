/**
 * The named clients of the write form (Alice, Bob, Carol), one set per cluster, each keeping its
 * causal session across requests and replicas; their requests appear on the diagram's client
 * lanes beside those of a running scenario.
 */

import type { ReplicaEndpoint } from "@causal-kv/client";
import { ClientSessions } from "@causal-kv/scenarios";
import { clusterFor } from "./clusterClients";
import { useLab } from "./labStore";

export const labClientNames = ["Alice", "Bob", "Carol"] as const;

const byCluster = new Map<string, ClientSessions>();

export function labClients(endpoints: readonly ReplicaEndpoint[]): ClientSessions {
  const key = endpoints.map((endpoint) => `${endpoint.id}=${endpoint.url}`).join(",");
  let clients = byCluster.get(key);
  if (!clients) {
    clients = new ClientSessions(clusterFor(endpoints), (exchange) =>
      useLab.getState().recordExchange(exchange),
    );
    byCluster.set(key, clients);
  }
  return clients;
}
