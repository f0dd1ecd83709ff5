/**
 * A replica's settings for its link to each peer (delay, jitter, drop rate, cut, hold), which its
 * transport's faults read. Invariant: a change is a step of its own, and the hook hears of it only
 * once it is committed; a peer whose link was never set has a healthy one.
 */
import type { ReplicaId } from "@causal-kv/core";
import { healthyLink, type LinkSettings, type LinkUpdate } from "@causal-kv/protocol";
import { knownPeer } from "./knownPeer.js";
import type { NodeState } from "./nodeState.js";
import type { NodeSteps } from "./nodeSteps.js";
import type { ReplicaDatabase } from "./storage/replicaDatabase.js";

export type LinkChanged = (peer: ReplicaId, before: LinkSettings, after: LinkSettings) => void;

export class NodeLinks {
  constructor(
    private readonly id: ReplicaId,
    private readonly peers: readonly ReplicaId[],
    private readonly db: ReplicaDatabase,
    private readonly steps: NodeSteps,
    /** Memory now: a failed step or a reset replaces it whole (nodeSteps.ts). */
    private readonly state: () => NodeState,
    private readonly changed: LinkChanged,
  ) {}

  /** The link to `peer`; an id that is not a peer is refused (knownPeer.ts). */
  get(peer: string): LinkSettings {
    return this.state().links.get(knownPeer(this.id, this.peers, peer)) ?? healthyLink;
  }

  all(): Record<ReplicaId, LinkSettings> {
    return Object.fromEntries(this.peers.map((peer) => [peer, this.get(peer)]));
  }

  /** Changes the settings `update` names, keeping the others; resolves once committed. */
  async update(peer: string, update: LinkUpdate): Promise<LinkSettings> {
    const before = this.get(peer);
    const after: LinkSettings = { ...before, ...update };
    await this.steps.run(() => {
      this.db.putLink(peer, after);
      this.state().links.set(peer, after);
    });
    this.changed(peer, before, after);
    return after;
  }
}
