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
  const copy: Record<ReplicaId, number> = { ...clock };
  for (const id of ids) copy[id] ??= 0;
  return isCanonical(ids) ? copy : inOrder(copy, ids.sort(compareReplicaIds));
}

export function zeroClock(members: readonly ReplicaId[]): VectorClock {
  return canonicalClock(Object.fromEntries(members.map((id) => [id, 0])));
}

export function increment(clock: VectorClock, id: ReplicaId): VectorClock {
  return canonicalized({ ...clock, [id]: clockEntry(clock, id) + 1 });
}

export function merge(a: VectorClock, b: VectorClock): VectorClock {
  const merged: Record<ReplicaId, number> = { ...a };
  takeMaxima(merged, b);
  return canonicalized(merged);
}

/**
 * `merge` for a clock known to be canonical, such as a replica's own: the result needs sorting only
 * when `b` brings ids that `a` lacks, so the common case checks no key order at all. And when `b`
 * is canonical too and already covers `a` (a delivered write that had seen everything here), `b`
 * itself is the result: clocks are never changed, so sharing one allocates nothing.
 */
export function mergeCanonical(a: VectorClock, b: VectorClock): VectorClock {
  // b's extra ids, if any, are in order already: b is canonical.
  if (covers(b, a)) return b;
  const merged: Record<ReplicaId, number> = { ...a };
  return takeMaxima(merged, b) ? canonicalized(merged) : merged;
}

export function compare(a: VectorClock, b: VectorClock): ClockOrder {
  let aLess = false;
  let bLess = false;
  for (const id in a) {
    const x = clockEntry(a, id);
    const y = clockEntry(b, id);
    if (x < y) aLess = true;
    else if (x > y) bLess = true;
  }
  // An id only b has counts 0 in a; counts are never negative, so it can only make a the lesser.
  if (!aLess) {
    for (const id in b) if (clockEntry(b, id) > 0 && !Object.hasOwn(a, id)) aLess = true;
  }
  if (aLess && bLess) return "concurrent";
  if (aLess) return "before";
  if (bLess) return "after";
  return "equal";
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
  checkedIds(clock, members);
}

/** `clock` checked as `assertValidClock` does, and copied in canonical order, in one pass. */
export function readClock(clock: unknown, members: ReadonlySet<ReplicaId>): VectorClock {
  const ids = checkedIds(clock, members);
  const copy: Record<ReplicaId, number> = { ...(clock as VectorClock) };
  return isCanonical(ids) ? copy : inOrder(copy, ids.sort(compareReplicaIds));
}

function checkedIds(clock: unknown, members: ReadonlySet<ReplicaId>): ReplicaId[] {
  if (typeof clock !== "object" || clock === null || Array.isArray(clock)) {
    throw new CoreError("invalid-clock", "a vector clock must be an object of replica id → count");
  }
  const entries = clock as Record<ReplicaId, unknown>;
  const ids = Object.keys(entries);
  for (const id of ids) {
    const value = entries[id];
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
  return ids;
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

/** Raises each entry of `merged` to `b`'s; says whether `b` brought ids `merged` lacked. */
function takeMaxima(merged: Record<ReplicaId, number>, b: VectorClock): boolean {
  let grown = false;
  // for…in, not Object.keys/values: merging runs once per delivered write, and those arrays were
  // most of what delivery allocated.
  for (const id in b) {
    const y = clockEntry(b, id);
    const x = merged[id];
    if (x === undefined) {
      merged[id] = y;
      grown = true;
    } else if (y > x) merged[id] = y;
  }
  return grown;
}

/** Whether `b` has every id of `a`, each counting at least as much: then `b` is their merge. */
function covers(b: VectorClock, a: VectorClock): boolean {
  for (const id in a) {
    const y = b[id];
    if (y === undefined || y < (a[id] ?? 0)) return false;
  }
  return true;
}
