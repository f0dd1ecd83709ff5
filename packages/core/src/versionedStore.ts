/**
 * A multi-value store (Riak-style siblings). Each key holds the maximal writes applied to it: those
 * no other applied write has seen. So the state depends only on which writes were applied, never on
 * their order, and two replicas with the same writes serialize identically.
 */
import { compareReplicaIds, type ReplicaId } from "./replicaId.js";
import { clockEntry, compare, type VectorClock } from "./vectorClock.js";

/** `V` is the value: a string (or null, a tombstone) in a replica, a digest in a journal replay. */
export interface Sibling<V = string | null> {
  readonly value: V;
  readonly clock: VectorClock;
  readonly origin: ReplicaId;
}

export type StoreSnapshot<V = string | null> = Readonly<Record<string, readonly Sibling<V>[]>>;

export class VersionedStore<V = string | null> {
  private readonly keys = new Map<string, Sibling<V>[]>();

  constructor(snapshot?: StoreSnapshot<V>) {
    for (const [key, siblings] of Object.entries(snapshot ?? {})) this.keys.set(key, [...siblings]);
  }

  /** Applies a write; returns false when a sibling already has seen it (nothing changes). */
  apply(key: string, write: Sibling<V>): boolean {
    const current = this.keys.get(key) ?? [];
    // A fresh list, never the old one changed: a caller may still hold what `siblings` returned.
    // Allocated at its largest size and cut to length after, rather than grown by push.
    const next = new Array<Sibling<V>>(current.length + 1);
    let length = 0;
    for (const sibling of current) {
      const order = compare(write.clock, sibling.clock);
      if (order === "before" || order === "equal") return false;
      if (order === "concurrent") next[length++] = sibling;
    }
    // The kept siblings are in order already, so the write is inserted rather than sorted in.
    let at = length;
    while (at > 0 && siblingOrder(next[at - 1] as Sibling<V>, write) > 0) {
      next[at] = next[at - 1] as Sibling<V>;
      at -= 1;
    }
    next[at] = write;
    next.length = length + 1;
    this.keys.set(key, next);
    return true;
  }

  siblings(key: string): readonly Sibling<V>[] {
    return this.keys.get(key) ?? [];
  }

  get size(): number {
    return this.keys.size;
  }

  /**
   * Keys sorted, siblings in canonical order: equal stores give byte-identical JSON. Keys are data,
   * so the record has no prototype: "__proto__" is an entry like any other, and reading an absent
   * "constructor" or "hasOwnProperty" finds nothing instead of Object.prototype's member.
   */
  snapshot(): StoreSnapshot<V> {
    const snapshot: Record<string, readonly Sibling<V>[]> = Object.create(null);
    for (const key of [...this.keys.keys()].sort()) snapshot[key] = this.keys.get(key) ?? [];
    return snapshot;
  }
}

/** Siblings are distinct writes, so (origin, origin's count) orders them totally. */
function siblingOrder(a: Sibling<unknown>, b: Sibling<unknown>): number {
  return (
    compareReplicaIds(a.origin, b.origin) ||
    clockEntry(a.clock, a.origin) - clockEntry(b.clock, b.origin)
  );
}
