/** The cluster as scenarios see it: one HTTP client per replica, by id. */
import type { ReplicaClient } from "@causal-kv/client";
import { compareReplicaIds, type ReplicaId } from "@causal-kv/core";

export interface Cluster {
  readonly ids: readonly ReplicaId[];
  client(id: ReplicaId): ReplicaClient;
}

export function clusterOf(clients: Readonly<Record<ReplicaId, ReplicaClient>>): Cluster {
  return {
    ids: Object.keys(clients).sort(compareReplicaIds),
    client: (id) => {
      const client = clients[id];
      if (!client) throw new Error(`there is no replica ${id} in this cluster`);
      return client;
    },
  };
}

/**
 * Resets every replica to one new epoch, higher than any of theirs, so messages from before the
 * reset are ignored everywhere and nothing written after it is taken for old.
 */
export async function resetCluster(cluster: Cluster): Promise<number> {
  const statuses = await Promise.all(cluster.ids.map((id) => cluster.client(id).status()));
  const epoch = Math.max(...statuses.map((status) => status.epoch)) + 1;
  await Promise.all(cluster.ids.map((id) => cluster.client(id).reset(epoch)));
  return epoch;
}
