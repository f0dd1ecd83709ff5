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
 * `neededFrom(write, origin)`. A replica id rather than an object: this runs for every arrival and
 * every release, and allocates nothing.
 */
export function firstMissingOrigin(write: Stamped, delivered: VectorClock): ReplicaId | undefined {
  const { origin, clock } = write;
  for (const id in clock) {
    if (clockEntry(delivered, id) < needed(clock[id], id === origin)) return id;
  }
  return undefined;
}

/** For each replica, the latest write of it that `write` still waits for: `node1:3`. */
export function missingDependencies(write: Stamped, delivered: VectorClock): WriteId[] {
  const { origin, clock } = write;
  // Counted first so the list is allocated at its size: it is built for every buffered write.
  let count = 0;
  for (const id in clock) {
    if (clockEntry(delivered, id) < needed(clock[id], id === origin)) count += 1;
  }
  const missing = new Array<WriteId>(count);
  let at = 0;
  for (const id in clock) {
    const seq = needed(clock[id], id === origin);
    if (clockEntry(delivered, id) < seq) missing[at++] = recentWriteId(id, seq);
  }
  return missing;
}

/** How many of `id`'s writes must be applied here before `write`. */
export function neededFrom(write: Stamped, id: ReplicaId): number {
  return needed(write.clock[id], id === write.origin);
}

/** Of a replica whose `seen` writes the write has seen: all of them, or all before its own. */
function needed(seen: number | undefined, isOrigin: boolean): number {
  return isOrigin ? (seen ?? 0) - 1 : (seen ?? 0);
}

// Writes buffered together mostly wait on the same writes: remember the last id named per replica,
// rather than format the same string again (formatting was most of what buffering allocated).
const lastNamed = new Map<ReplicaId, { seq: number; id: WriteId }>();
const maxNamedReplicas = 4096;

function recentWriteId(origin: ReplicaId, seq: number): WriteId {
  const last = lastNamed.get(origin);
  if (last === undefined) {
    const id = formatWriteId(origin, seq);
    if (lastNamed.size >= maxNamedReplicas) lastNamed.clear();
    lastNamed.set(origin, { seq, id });
    return id;
  }
  if (last.seq !== seq) {
    last.seq = seq;
    last.id = formatWriteId(origin, seq);
  }
  return last.id;
}
