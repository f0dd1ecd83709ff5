/**
 * Reads what the checker judges: the replicas' own journals and stores, never their internals.
 * The trace names every replica of the cluster, in the cluster's order.
 */
import type { Trace } from "@causal-kv/checker";
import type { JournalEvent, ReplicaId } from "@causal-kv/core";
import type { StatusResponse } from "@causal-kv/protocol";
import type { Cluster } from "./cluster.js";

/** Every replica's journal and reported store, as one trace. */
export async function collect(
  cluster: Cluster,
): Promise<{ trace: Trace; statuses: StatusResponse[] }> {
  const statuses = await Promise.all(cluster.ids.map((id) => cluster.client(id).status()));
  const journals: Record<ReplicaId, JournalEvent[]> = {};
  for (const id of cluster.ids) journals[id] = await cluster.client(id).journal();
  const stores = Object.fromEntries(statuses.map((s) => [s.id, s.store]));
  return { trace: { replicas: cluster.ids, journals, stores }, statuses };
}
