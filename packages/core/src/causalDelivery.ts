/**
 * The Birman–Schiper–Stephenson delivery rule. `delivered` counts, per replica, the writes applied
 * here without a gap. A write from j with clock V is deliverable iff V[j] = delivered[j] + 1 (it is
 * j's next write) and V[k] ≤ delivered[k] for every other k (everything it saw is here).
 */
import type { ReplicaId } from "./replicaId.js";
import { formatWriteId, type ReplicatedWrite, type WriteId } from "./replicatedWrite.js";
import { clockEntry, countsFor, type VectorClock } from "./vectorClock.js";

type Stamped = Pick<ReplicatedWrite, "origin" | "clock">;

export function deliverable(write: Stamped, delivered: VectorClock): boolean {
  // Exactly the next write of its origin: one already delivered here is not deliverable again.
  return (
    clockEntry(write.clock, write.origin) === clockEntry(delivered, write.origin) + 1 &&
    firstMissingDependency(write, delivered) === undefined
  );
}

/** The first write (origin, seq) that must be delivered before `write`, in clock order, or none. */
export function firstMissingDependency(
  write: Stamped,
  delivered: VectorClock,
): { origin: ReplicaId; seq: number } | undefined {
  const ids = Object.keys(write.clock);
  const seen = Object.values(write.clock);
  const here = countsFor(delivered, ids);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as ReplicaId;
    const needed = neededFrom(write, id, seen[i]);
    if ((here[i] ?? 0) < needed) return { origin: id, seq: needed };
  }
  return undefined;
}

/** For each replica, the latest write of it that `write` still waits for: `node1:3`. */
export function missingDependencies(write: Stamped, delivered: VectorClock): WriteId[] {
  const missing: WriteId[] = [];
  const ids = Object.keys(write.clock);
  const seen = Object.values(write.clock);
  const here = countsFor(delivered, ids);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as ReplicaId;
    const needed = neededFrom(write, id, seen[i]);
    if ((here[i] ?? 0) < needed) missing.push(formatWriteId(id, needed));
  }
  return missing;
}

/** How many of `id`'s writes `write` needs here first, given it has seen `seen` of them. */
function neededFrom(write: Stamped, id: ReplicaId, seen: number | undefined): number {
  return id === write.origin ? (seen ?? 0) - 1 : (seen ?? 0);
}
