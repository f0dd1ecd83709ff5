/**
 * A multi-value store (Riak-style siblings). Each key holds the maximal writes applied to it: those
 * no other applied write has seen. So the state depends only on which writes were applied, never on
 * their order, and two replicas with the same writes serialize identically.
 */
import { compareReplicaIds, type ReplicaId } from "./replicaId.js";
import { clockEntry, compare, type VectorClock } from "./vectorClock.js";

export interface Sibling {
  readonly value: string | null;
  readonly clock: VectorClock;
  readonly origin: ReplicaId;
}

export type StoreSnapshot = Readonly<Record<string, readonly Sibling[]>>;

export class VersionedStore {
  private readonly keys = new Map<string, Sibling[]>();

  constructor(snapshot?: StoreSnapshot) {
    for (const [key, siblings] of Object.entries(snapshot ?? {})) this.keys.set(key, [...siblings]);
  }

  /** Applies a write; returns false when a sibling already has seen it (nothing changes). */
  apply(key: string, write: Sibling): boolean {
    const current = this.keys.get(key) ?? [];
    // A fresh list, never the old one changed: a caller may still hold what `siblings` returned.
    // Allocated at its largest size and cut to length after, rather than grown by push.
    const next = new Array<Sibling>(current.length + 1);
    let length = 0;
    for (const sibling of current) {
      const order = compare(write.clock, sibling.clock);
      if (order === "before" || order === "equal") return false;
      if (order === "concurrent") next[length++] = sibling;
    }
    // The kept siblings are in order already, so the write is inserted rather than sorted in.
    let at = length;
    while (at > 0 && siblingOrder(next[at - 1] as Sibling, write) > 0) {
      next[at] = next[at - 1] as Sibling;
      at -= 1;
    }
    next[at] = write;
    next.length = length + 1;
    this.keys.set(key, next);
    return true;
  }

  siblings(key: string): readonly Sibling[] {
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
  snapshot(): StoreSnapshot {
    const snapshot: Record<string, readonly Sibling[]> = Object.create(null);
    for (const key of [...this.keys.keys()].sort()) snapshot[key] = this.keys.get(key) ?? [];
    return snapshot;
  }
}

/** Siblings are distinct writes, so (origin, origin's count) orders them totally. */
function siblingOrder(a: Sibling, b: Sibling): number {
  return (
    compareReplicaIds(a.origin, b.origin) ||
    clockEntry(a.clock, a.origin) - clockEntry(b.clock, b.origin)
  );
}
