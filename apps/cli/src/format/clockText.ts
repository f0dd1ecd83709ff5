/** A vector clock in one line, entries in the cluster's id order: `node1:2 node2:0 node3:1`. */
import { compareReplicaIds, type VectorClock } from "@causal-kv/core";

export function clockText(clock: VectorClock): string {
  const ids = Object.keys(clock).sort(compareReplicaIds);
  if (ids.length === 0) return "(empty)";
  return ids.map((id) => `${id}:${clock[id] ?? 0}`).join(" ");
}
