/**
 * The peer a link request names, checked: links run only from a replica to its peers, so naming
 * the replica itself or a stranger is refused as `unknown-peer` with the names that would do.
 */
import type { ReplicaId } from "@causal-kv/core";
import { ApiError } from "./apiError.js";

export function knownPeer(self: ReplicaId, peers: readonly ReplicaId[], name: string): ReplicaId {
  if (peers.includes(name)) return name;
  throw new ApiError(
    "unknown-peer",
    name === self
      ? `${name} is this replica; links go to its peers (${peers.join(", ")})`
      : `${name} is not a peer of ${self} (peers: ${peers.join(", ")})`,
  );
}
