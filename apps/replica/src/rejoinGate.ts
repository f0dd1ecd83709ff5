/**
 * The rejoin gate: a replica that starts on an empty disk takes no client writes until every peer
 * has told it how many of its writes that peer holds, and it has caught up to that count. Its write
 * ids restart at 1 on an empty disk, so after a wipe a write taken at once would reuse an id its
 * peers already hold for another write: they would refuse it as an integrity conflict and it would
 * never replicate.
 * Invariant: the gate opens only when, in the current epoch, every peer has answered with no more of
 * this replica's writes than it has delivered itself; once open it stays open.
 */
import type { ReplicaId } from "@causal-kv/core";
import { ApiError } from "./apiError.js";

export class RejoinGate {
  private awaiting: Set<ReplicaId>;
  private readonly waiters = new Set<() => void>();

  /** `closed`: the replica started on an empty disk and must hear from `peers` first. */
  constructor(
    private readonly peers: readonly ReplicaId[],
    closed: boolean,
  ) {
    this.awaiting = new Set(closed ? peers : []);
  }

  get open(): boolean {
    return this.awaiting.size === 0;
  }

  /** The peers not yet heard from, sorted. */
  get awaitingPeers(): ReplicaId[] {
    return [...this.awaiting].sort();
  }

  awaits(peer: ReplicaId): boolean {
    return this.awaiting.has(peer);
  }

  /**
   * `peer` answered in the current epoch holding `ownThere` of this replica's writes (applied or
   * buffered), while this replica has delivered `ownHere`. Holding more means a catch-up is due
   * first; the next answer after it is heard again.
   */
  heard(peer: ReplicaId, ownThere: number, ownHere: number): void {
    if (ownThere > ownHere || !this.awaiting.delete(peer) || !this.open) return;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  /**
   * The replica moved to another epoch while the gate was closed (a catch-up from a peer in a newer
   * epoch, or a reset): the peers may hold writes of this replica's from that epoch, made before
   * its disk was lost, so every peer must answer again in it.
   */
  epochChanged(): void {
    if (!this.open) this.awaiting = new Set(this.peers);
  }

  /** Resolves once the gate is open; refuses a client write as `rejoining` after `waitMs`. */
  async admitWrite(waitMs: number): Promise<void> {
    if (await this.wait(waitMs)) return;
    const peers = this.awaitingPeers.join(", ");
    throw new ApiError(
      "rejoining",
      `this replica started on an empty disk and has not yet heard from ${peers} which of its own writes they hold; nothing was written, retry shortly`,
    );
  }

  /** Resolves true once the gate is open, or false when `waitMs` pass first. */
  private wait(waitMs: number): Promise<boolean> {
    if (this.open) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        resolve(false);
      }, waitMs);
      this.waiters.add(wake);
    });
  }
}
