/**
 * The Birman–Schiper–Stephenson delivery rule. `delivered` counts, per replica, the writes applied
 * here without a gap. A write from j with clock V is deliverable iff V[j] = delivered[j] + 1 (it is
 * j's next write) and V[k] ≤ delivered[k] for every other k (everything it saw is here).
 */
import type { ReplicaId } from "./replicaId.js";
import { formatWriteId, type ReplicatedWrite, type WriteId } from "./replicatedWrite.js";
import { clockEntry, type VectorClock } from "./vectorClock.js";

type Stamped = Pick<ReplicatedWrite, "origin" | "clock">;

export function deliverable(write: Stamped, delivered: VectorClock): boolean {
  // Exactly the next write of its origin: one already delivered here is not deliverable again.
  return (
    clockEntry(write.clock, write.origin) === clockEntry(delivered, write.origin) + 1 &&
    firstMissingOrigin(write, delivered) === undefined
  );
}

/**
 * The replica whose write `write` misses first, in clock order, or none; the write it misses is
 * `neededFrom(write, origin)`. Two numbers rather than an object: this runs for every arrival and
 * every release, and allocates nothing.
 */
export function firstMissingOrigin(write: Stamped, delivered: VectorClock): ReplicaId | undefined {
  for (const id in write.clock) {
    if (clockEntry(delivered, id) < neededFrom(write, id)) return id;
  }
  return undefined;
}

/** For each replica, the latest write of it that `write` still waits for: `node1:3`. */
export function missingDependencies(write: Stamped, delivered: VectorClock): WriteId[] {
  // Counted first so the list is allocated at its size: it is built for every buffered write.
  let count = 0;
  for (const id in write.clock) if (clockEntry(delivered, id) < neededFrom(write, id)) count += 1;
  const missing = new Array<WriteId>(count);
  let at = 0;
  for (const id in write.clock) {
    const needed = neededFrom(write, id);
    if (clockEntry(delivered, id) < needed) missing[at++] = formatWriteId(id, needed);
  }
  return missing;
}

/** How many of `id`'s writes must be applied here before `write`. */
export function neededFrom(write: Stamped, id: ReplicaId): number {
  const seen = clockEntry(write.clock, id);
  return id === write.origin ? seen - 1 : seen;
}
