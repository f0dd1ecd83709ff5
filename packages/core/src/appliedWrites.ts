/**
 * Which writes a replica has applied, per origin: a gap-free prefix count plus any applied beyond a
 * gap (only naive delivery makes gaps). The prefix vector is what the delivery rule reads.
 */
import type { ReplicaId } from "./replicaId.js";
import type { VectorClock } from "./vectorClock.js";

export type AppliedWritesSnapshot = Readonly<
  Record<ReplicaId, { readonly prefix: number; readonly beyond: readonly number[] }>
>;

export class AppliedWrites {
  private readonly prefix: Record<ReplicaId, number> = {};
  private readonly beyond = new Map<ReplicaId, Set<number>>();

  constructor(members: readonly ReplicaId[], snapshot?: AppliedWritesSnapshot) {
    for (const id of members) {
      const saved = snapshot?.[id];
      this.prefix[id] = saved?.prefix ?? 0;
      if (saved && saved.beyond.length > 0) this.beyond.set(id, new Set(saved.beyond));
    }
  }

  /** Per origin, how many of its writes are applied here without a gap. */
  get delivered(): VectorClock {
    return this.prefix;
  }

  has(origin: ReplicaId, seq: number): boolean {
    return seq <= (this.prefix[origin] ?? 0) || (this.beyond.get(origin)?.has(seq) ?? false);
  }

  /** Records `seq` as applied and returns the range of prefix counts it newly covers. */
  add(origin: ReplicaId, seq: number): { from: number; to: number } {
    const before = this.prefix[origin] ?? 0;
    if (seq !== before + 1) {
      const set = this.beyond.get(origin) ?? new Set<number>();
      set.add(seq);
      this.beyond.set(origin, set);
      return { from: before, to: before };
    }
    let after = seq;
    const set = this.beyond.get(origin);
    while (set?.delete(after + 1)) after += 1;
    if (set && set.size === 0) this.beyond.delete(origin);
    this.prefix[origin] = after;
    return { from: before, to: after };
  }

  /**
   * Takes in every write `other` counts as applied: the union of the two sets, so merging is
   * commutative and idempotent. Returns whether anything was new.
   */
  merge(other: AppliedWritesSnapshot): boolean {
    let changed = false;
    for (const [origin, theirs] of Object.entries(other)) {
      if (!Object.hasOwn(this.prefix, origin)) continue;
      for (const seq of theirs.beyond) {
        if (!this.has(origin, seq)) {
          this.add(origin, seq);
          changed = true;
        }
      }
      const before = this.prefix[origin] ?? 0;
      if (theirs.prefix <= before) continue;
      changed = true;
      const set = this.beyond.get(origin);
      let after = theirs.prefix;
      if (set) {
        for (const seq of set) if (seq <= after) set.delete(seq);
        while (set.delete(after + 1)) after += 1;
        if (set.size === 0) this.beyond.delete(origin);
      }
      this.prefix[origin] = after;
    }
    return changed;
  }

  snapshot(): AppliedWritesSnapshot {
    const out: Record<ReplicaId, { prefix: number; beyond: number[] }> = {};
    for (const [id, prefix] of Object.entries(this.prefix)) {
      out[id] = { prefix, beyond: [...(this.beyond.get(id) ?? [])].sort((a, b) => a - b) };
    }
    return out;
  }
}
