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
  return firstMissingDependency(write, delivered) === undefined;
}

/** The first write (origin, seq) that must be delivered before `write`, in clock order, or none. */
export function firstMissingDependency(
  write: Stamped,
  delivered: VectorClock,
): { origin: ReplicaId; seq: number } | undefined {
  for (const id of Object.keys(write.clock)) {
    const needed = neededFrom(write, id);
    if (clockEntry(delivered, id) < needed) return { origin: id, seq: needed };
  }
  return undefined;
}

/** For each replica, the latest write of it that `write` still waits for: `node1:3`. */
export function missingDependencies(write: Stamped, delivered: VectorClock): WriteId[] {
  const missing: WriteId[] = [];
  for (const id of Object.keys(write.clock)) {
    const needed = neededFrom(write, id);
    if (clockEntry(delivered, id) < needed) missing.push(formatWriteId(id, needed));
  }
  return missing;
}

function neededFrom(write: Stamped, id: ReplicaId): number {
  const seen = clockEntry(write.clock, id);
  return id === write.origin ? seen - 1 : seen;
}
