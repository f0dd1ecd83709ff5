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
  const sorted: Record<ReplicaId, number> = {};
  for (const id of Object.keys(clock).sort(compareReplicaIds)) sorted[id] = clock[id] ?? 0;
  return sorted;
}

export function zeroClock(members: readonly ReplicaId[]): VectorClock {
  return canonicalClock(Object.fromEntries(members.map((id) => [id, 0])));
}

export function increment(clock: VectorClock, id: ReplicaId): VectorClock {
  return canonicalClock({ ...clock, [id]: clockEntry(clock, id) + 1 });
}

export function merge(a: VectorClock, b: VectorClock): VectorClock {
  const merged: Record<ReplicaId, number> = { ...a };
  for (const id of Object.keys(b)) merged[id] = Math.max(clockEntry(a, id), clockEntry(b, id));
  return canonicalClock(merged);
}

export function compare(a: VectorClock, b: VectorClock): ClockOrder {
  let aLess = false;
  let bLess = false;
  for (const id of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = clockEntry(a, id);
    const y = clockEntry(b, id);
    if (x < y) aLess = true;
    else if (x > y) bLess = true;
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
  if (typeof clock !== "object" || clock === null || Array.isArray(clock)) {
    throw new CoreError("invalid-clock", "a vector clock must be an object of replica id → count");
  }
  for (const [id, value] of Object.entries(clock)) {
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
