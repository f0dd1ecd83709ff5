/**
 * How many of this replica's own writes each peer holds, as the peers' answers say: the outbox
 * stops resending what a peer has and forgets what every peer has. Stored lazily, with the next
 * step or within 100 ms: a lost acknowledgement only means writes are sent again, and then
 * discarded as duplicates, while storing each one would cost a commit per exchange.
 * An answer that counts more than this replica holds says it lost state (lagsBehind).
 * Invariant: a peer is never counted as holding a write this replica has not committed.
 */
import { type ReplicaId, type ReplicatedWrite, writeSeq } from "@causal-kv/core";
import type { ReplicateResponse } from "@causal-kv/protocol";
import type { NodeState } from "./nodeState.js";
import type { ReplicaDatabase } from "./storage/replicaDatabase.js";

export class PeerAcknowledgements {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: ReplicaDatabase,
    private readonly id: ReplicaId,
    private readonly peers: readonly ReplicaId[],
    /** The node's state now: a reload or reset replaces it. */
    private readonly state: () => NodeState,
    /** Runs a change as one of the node's steps. */
    private readonly step: (change: () => void) => Promise<void>,
  ) {}

  /** A peer has our first `count` writes (of `epoch`): stop resending them. */
  acknowledge(peer: ReplicaId, count: number, epoch: number): void {
    const state = this.state();
    if (epoch !== state.currentEpoch) return;
    const capped = Math.min(count, state.committedOwnSeq);
    if (!state.outbox.acknowledge(peer, capped)) return;
    state.acknowledgementsToStore = true;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      if (!this.state().acknowledgementsToStore) return;
      this.step(() => this.store()).catch(() => {});
    }, 100);
    this.timer.unref();
  }

  /**
   * Inside a step: every peer has our first `count` writes. For own writes that came back with a
   * state transfer: they are in no outbox, so every peer is told they will not be resent.
   */
  acknowledgeAll(count: number): void {
    const state = this.state();
    for (const peer of this.peers) state.outbox.acknowledge(peer, count);
    state.acknowledgementsToStore = true;
  }

  /**
   * Whether `peer`'s answer shows this replica lost state that delivery cannot bring back (a wiped
   * disk, an old backup): the peer holds more of our own writes than we hold (applied, or got back
   * from a peer's buffer and waiting in ours), or it will not resend writes of its own that we
   * lack. Acknowledgements are durable, so neither happens otherwise.
   */
  lagsBehind(peer: ReplicaId, answer: ReplicateResponse): boolean {
    const { replica, currentEpoch } = this.state();
    if (answer.epoch !== currentEpoch) return false;
    const ownThere = answer.acknowledged[this.id] ?? 0;
    return (
      ownThere > replica.heldCount(this.id) || (answer.resendsAfter ?? 0) > replica.heldCount(peer)
    );
  }

  /** Own committed writes `peer` has not acknowledged, oldest first. */
  unsent(peer: ReplicaId): ReplicatedWrite[] {
    const { outbox, committedOwnSeq } = this.state();
    return outbox.unacknowledged(peer).filter((message) => writeSeq(message) <= committedOwnSeq);
  }

  /** Inside a step: stores how far each peer has acknowledged, and forgets what all have. */
  store(): void {
    const state = this.state();
    if (!state.acknowledgementsToStore) return;
    state.acknowledgementsToStore = false;
    for (const peer of this.peers) this.db.putAcknowledged(peer, state.outbox.acknowledgedBy(peer));
    this.db.pruneOutbox(state.outbox.acknowledgedByAll);
  }

  /** For shutdown: what is not stored yet goes into one more step now. */
  flush(): void {
    clearTimeout(this.timer);
    if (this.state().acknowledgementsToStore) this.step(() => this.store()).catch(() => {});
  }
}
