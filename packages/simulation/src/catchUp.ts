/**
 * How a simulated replica that lost state gets it back: it asks a peer, and the peer's whole state
 * crosses the link like any message (and may be lost like one, so the asking is repeated each tick).
 */
import type { ReplicaId } from "@causal-kv/core";
import type { Cluster } from "./cluster.js";
import { nodeOf } from "./simulatedNode.js";

/** `peer`'s state, sent to `id`: the transfer crosses the link like any message. */
function transferState(cluster: Cluster, peer: ReplicaId, id: ReplicaId, at: number): void {
  const transfer = JSON.parse(JSON.stringify(nodeOf(cluster.nodes, peer).replica.stateTransfer()));
  cluster.network.transmit(at, peer, id, { kind: "state", transfer });
}

/** Asks an up peer for its state. */
export function requestState(cluster: Cluster, id: ReplicaId, at: number): void {
  const peers = cluster.members.filter((peer) => peer !== id && nodeOf(cluster.nodes, peer).up);
  if (peers.length > 0) transferState(cluster, cluster.wipes.pick(peers), id, at);
}

/**
 * As a real replica reads its peers' answers: a peer that will not resend writes of its own
 * that this replica lacks (it counts them acknowledged), or holds more of this replica's own
 * writes than it has, shows that this replica lost state; it asks that peer for its state.
 */
export function catchUpWhereBehind(cluster: Cluster, id: ReplicaId, at: number): void {
  const { replica } = nodeOf(cluster.nodes, id);
  for (const peer of cluster.members) {
    const there = nodeOf(cluster.nodes, peer);
    if (peer === id || !there.up) continue;
    const unsent = there.outbox.acknowledgedBy(id) > replica.heldCount(peer);
    const ownThere = there.replica.heldCount(id) > (replica.delivered[id] ?? 0);
    if (unsent || ownThere) transferState(cluster, peer, id, at);
  }
}
