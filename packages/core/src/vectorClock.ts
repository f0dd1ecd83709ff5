/**
 * Vector clocks as plain immutable records: one counter per replica id, a missing entry counts as 0.
 * Every function returns a new clock with its entries in canonical (sorted) order.
 */
import { CoreError } from "./coreError.js";
import { compareReplicaIds, type ReplicaId } from "./replicaId.js";

export type VectorClock = Readonly<Record<ReplicaId, number>>;
export type ClockOrder = "before" | "after" | "equal" | "concurrent";

export function clockEntry(clock: VectorClock, id: ReplicaId): number {
  return clock[id] ?? 0;
}

export function canonicalClock(clock: VectorClock): VectorClock {
  const ids = Object.keys(clock);
  if (!isCanonical(ids)) return inOrder(clock, ids.sort(compareReplicaIds));
  const copy: Record<ReplicaId, number> = { ...clock };
  const counts = Object.values(clock);
  for (let i = 0; i < ids.length; i++) {
    if (counts[i] === undefined || counts[i] === null) copy[ids[i] as ReplicaId] = 0;
  }
  return copy;
}

export function zeroClock(members: readonly ReplicaId[]): VectorClock {
  return canonicalClock(Object.fromEntries(members.map((id) => [id, 0])));
}

export function increment(clock: VectorClock, id: ReplicaId): VectorClock {
  return canonicalized({ ...clock, [id]: clockEntry(clock, id) + 1 });
}

export function merge(a: VectorClock, b: VectorClock): VectorClock {
  const merged: Record<ReplicaId, number> = { ...a };
  const ids = Object.keys(a);
  const idsOfB = Object.keys(b);
  if (!sameIds(ids, idsOfB)) {
    for (const id of idsOfB) merged[id] = Math.max(clockEntry(a, id), clockEntry(b, id));
    return canonicalized(merged);
  }
  const x = Object.values(a);
  const y = Object.values(b);
  for (let i = 0; i < ids.length; i++) {
    const max = Math.max(x[i] ?? 0, y[i] ?? 0);
    if (!Object.is(max, x[i])) merged[ids[i] as ReplicaId] = max;
  }
  // Same ids as `a`, in the same order: sorted already if `a` is.
  return isCanonical(ids) ? merged : inOrder(merged, ids.sort(compareReplicaIds));
}

export function compare(a: VectorClock, b: VectorClock): ClockOrder {
  let aLess = false;
  let bLess = false;
  const ids = Object.keys(a);
  const idsOfB = Object.keys(b);
  if (sameIds(ids, idsOfB)) {
    const x = Object.values(a);
    const y = Object.values(b);
    for (let i = 0; i < ids.length; i++) {
      const xi = x[i] ?? 0;
      const yi = y[i] ?? 0;
      if (xi < yi) aLess = true;
      else if (xi > yi) bLess = true;
    }
  } else {
    // Ids of a, then the ids only b has: the union, without building it.
    for (const id of ids) {
      const x = clockEntry(a, id);
      const y = clockEntry(b, id);
      if (x < y) aLess = true;
      else if (x > y) bLess = true;
    }
    for (const id of idsOfB) {
      if (Object.hasOwn(a, id)) continue;
      const x = clockEntry(a, id);
      const y = clockEntry(b, id);
      if (x < y) aLess = true;
      else if (x > y) bLess = true;
    }
  }
  if (aLess && bLess) return "concurrent";
  if (aLess) return "before";
  if (bLess) return "after";
  return "equal";
}

/**
 * `clock`'s entries for `ids`, by position (read as `counts[i] ?? 0`). Clocks of one cluster list
 * the same ids in the same order, and then no entry is looked up by id: such keyed lookups were the
 * largest cost of delivery.
 */
export function countsFor(clock: VectorClock, ids: readonly ReplicaId[]): readonly number[] {
  return sameIds(Object.keys(clock), ids)
    ? Object.values(clock)
    : ids.map((id) => clockEntry(clock, id));
}

export function happenedBefore(a: VectorClock, b: VectorClock): boolean {
  return compare(a, b) === "before";
}

export function concurrent(a: VectorClock, b: VectorClock): boolean {
  return compare(a, b) === "concurrent";
}

/**
 * Throws unless `clock` is a record of non-negative safe integers whose ids are all members.
 * Used on every clock that enters the core from outside.
 */
export function assertValidClock(
  clock: unknown,
  members: ReadonlySet<ReplicaId>,
): asserts clock is VectorClock {
  if (typeof clock !== "object" || clock === null || Array.isArray(clock)) {
    throw new CoreError("invalid-clock", "a vector clock must be an object of replica id → count");
  }
  const ids = Object.keys(clock);
  const values: unknown[] = Object.values(clock);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as ReplicaId;
    const value = values[i];
    if (!members.has(id)) {
      throw new CoreError("unknown-replica", `the clock names "${id}", which is not a replica`);
    }
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
      throw new CoreError(
        "invalid-clock",
        `clock entry ${id} must be a non-negative integer, got ${String(value)}`,
      );
    }
  }
}

// The clocks of one cluster nearly all list the same ids: remember the last list found in order,
// so checking a clock is a few identity comparisons instead of sorting comparisons.
let lastCanonical: readonly ReplicaId[] = [];

function isCanonical(ids: readonly ReplicaId[]): boolean {
  if (sameIds(ids, lastCanonical)) return true;
  for (let i = 1; i < ids.length; i++) {
    if (compareReplicaIds(ids[i - 1] as ReplicaId, ids[i] as ReplicaId) > 0) return false;
  }
  lastCanonical = [...ids];
  return true;
}

function inOrder(clock: VectorClock, ids: readonly ReplicaId[]): Record<ReplicaId, number> {
  const sorted: Record<ReplicaId, number> = {};
  for (const id of ids) sorted[id] = clock[id] ?? 0;
  return sorted;
}

/** For a record built here and shared with no one: sorted only if it is not sorted already. */
function canonicalized(fresh: Record<ReplicaId, number>): VectorClock {
  const ids = Object.keys(fresh);
  return isCanonical(ids) ? fresh : inOrder(fresh, ids.sort(compareReplicaIds));
}

function sameIds(a: readonly ReplicaId[], b: readonly ReplicaId[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
