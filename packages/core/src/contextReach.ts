/**
 * Whether a replica has reached a client's causal context: delivered, without a gap, every write
 * the context counts. What it still lacks is named per replica by the context's count, so
 * `{ node1: 3 }` means "node1's writes up to #3".
 */
import type { ReplicaId } from "./replicaId.js";
import { clockEntry, type VectorClock } from "./vectorClock.js";

/** The entries of `context` that `delivered` does not cover; empty once the context is reached. */
export function unreachedContext(
  delivered: VectorClock,
  context: VectorClock,
): Record<ReplicaId, number> {
  const missing: Record<ReplicaId, number> = {};
  for (const id in context) {
    const needed = clockEntry(context, id);
    if (clockEntry(delivered, id) < needed) missing[id] = needed;
  }
  return missing;
}

export function contextReached(delivered: VectorClock, context: VectorClock): boolean {
  for (const id in context) if (clockEntry(delivered, id) < clockEntry(context, id)) return false;
  return true;
}
