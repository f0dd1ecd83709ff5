/**
 * A replica's own writes that some peer has not acknowledged yet. The transport resends them until
 * each peer acknowledges, so a dropped, partitioned or crashed link catches up by itself. A peer
 * acknowledges with how many of our writes it has delivered without a gap.
 */
import type { ReplicaId } from "./replicaId.js";
import { type ReplicatedWrite, writeSeq } from "./replicatedWrite.js";

export interface OutboxSnapshot {
  readonly pending: readonly ReplicatedWrite[];
  readonly acknowledged: Readonly<Record<ReplicaId, number>>;
}

export class Outbox {
  /** Own writes in seq order, from the oldest that some peer still lacks. */
  private pending: ReplicatedWrite[];
  private readonly acknowledged: Record<ReplicaId, number> = {};

  constructor(
    readonly peers: readonly ReplicaId[],
    snapshot?: OutboxSnapshot,
  ) {
    this.pending = [...(snapshot?.pending ?? [])];
    for (const peer of peers) this.acknowledged[peer] = snapshot?.acknowledged[peer] ?? 0;
    // A stored snapshot may keep writes every peer has (a replica stores them a commit to a row).
    this.dropAcknowledged();
  }

  add(write: ReplicatedWrite): void {
    this.pending.push(write);
  }

  /** Records that `peer` has our first `count` writes; returns false if that is no news. */
  acknowledge(peer: ReplicaId, count: number): boolean {
    const before = this.acknowledged[peer];
    if (before === undefined || count <= before) return false;
    this.acknowledged[peer] = count;
    this.dropAcknowledged();
    return true;
  }

  /** How many of our writes every peer has. */
  get acknowledgedByAll(): number {
    return Math.min(...this.peers.map((id) => this.acknowledged[id] ?? 0));
  }

  /** What `peer` still lacks, oldest first. */
  unacknowledged(peer: ReplicaId): ReplicatedWrite[] {
    const acked = this.acknowledged[peer] ?? 0;
    return this.pending.filter((write) => writeSeq(write) > acked);
  }

  acknowledgedBy(peer: ReplicaId): number {
    return this.acknowledged[peer] ?? 0;
  }

  get size(): number {
    return this.pending.length;
  }

  /** Forgets the writes every peer has. */
  private dropAcknowledged(): void {
    const everyone = this.acknowledgedByAll;
    const firstNeeded = this.pending.findIndex((write) => writeSeq(write) > everyone);
    this.pending = firstNeeded === -1 ? [] : this.pending.slice(firstNeeded);
  }

  snapshot(): OutboxSnapshot {
    return { pending: [...this.pending], acknowledged: { ...this.acknowledged } };
  }
}
