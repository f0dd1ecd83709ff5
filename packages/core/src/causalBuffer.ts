/**
 * Writes that arrived before their causal past. Each is indexed under the first write it still
 * misses, so when a write is delivered only the writes waiting on it are looked at again: a message
 * is re-indexed at most once per replica in its clock, and delivery stays O(1) amortized.
 */
import { deliverable, firstMissingDependency, missingDependencies } from "./causalDelivery.js";
import type { ReplicaId } from "./replicaId.js";
import {
  parseWriteId,
  type ReplicatedWrite,
  type WriteId,
  writeId,
  writeSeq,
} from "./replicatedWrite.js";
import { clockEntry, type VectorClock } from "./vectorClock.js";

export interface BufferedWrite {
  readonly write: ReplicatedWrite;
  /** When it arrived, in the caller's time unit (ms). */
  readonly arrivedAt: number;
}

export class CausalBuffer {
  /**
   * origin → seq → held write. Writes are keyed by numbers, never by `origin:seq` strings: a fresh
   * string per lookup, hashed into a map of many thousands, was the buffer's main cost.
   */
  private readonly held = new Map<ReplicaId, Map<number, Held>>();
  /** origin → seq → the held writes waiting on origin:seq (most often just one, kept bare). */
  private readonly waitingOn = new Map<ReplicaId, Map<number, Held | Held[]>>();
  private count = 0;
  private arrivals = 0;

  get size(): number {
    return this.count;
  }

  has(id: WriteId): boolean {
    const parsed = parseWriteId(id);
    return parsed !== undefined && this.holds(parsed.origin, parsed.seq);
  }

  /** Whether origin's write number `seq` is held here. */
  holds(origin: ReplicaId, seq: number): boolean {
    return this.held.get(origin)?.has(seq) ?? false;
  }

  /** Buffers a write that is not deliverable against `delivered`. */
  add(entry: BufferedWrite, delivered: VectorClock): void {
    const { origin } = entry.write;
    const seq = writeSeq(entry.write);
    let fromOrigin = this.held.get(origin);
    if (!fromOrigin) {
      fromOrigin = new Map();
      this.held.set(origin, fromOrigin);
    }
    const previous = fromOrigin.get(seq);
    if (!previous) this.count += 1;
    const held: Held = { entry, arrival: previous?.arrival ?? this.arrivals++ };
    fromOrigin.set(seq, held);
    this.index(held, delivered);
  }

  /** For each replica, the latest of its writes this entry still waits for. */
  waitingFor(entry: BufferedWrite, delivered: VectorClock): WriteId[] {
    return missingDependencies(entry.write, delivered);
  }

  /** Everything held, in arrival order. */
  entries(): BufferedWrite[] {
    const all: Held[] = [];
    // A loop, not push(...values): spreading a large buffer into arguments overflows the stack.
    for (const fromOrigin of this.held.values())
      for (const held of fromOrigin.values()) all.push(held);
    return all.sort((a, b) => a.arrival - b.arrival).map((held) => held.entry);
  }

  /**
   * Call when `delivered[origin]` has reached `seq`. Removes and returns, in arrival order, the
   * writes waiting on it that are now deliverable (`ready`) or were meanwhile applied some other
   * way (`stale`, only after a mode switch); the others are re-indexed.
   */
  release(
    origin: ReplicaId,
    seq: number,
    delivered: VectorClock,
  ): { ready: BufferedWrite[]; stale: BufferedWrite[] } {
    const ready: BufferedWrite[] = [];
    const stale: BufferedWrite[] = [];
    const waitingOnOrigin = this.waitingOn.get(origin);
    const waitingOnIt = waitingOnOrigin?.get(seq);
    if (!waitingOnOrigin || !waitingOnIt) return { ready, stale };
    waitingOnOrigin.delete(seq);
    // Arrival order, not indexing order: a buffer rebuilt from a snapshot indexes its writes in
    // another order, and must still release them exactly as the original would have.
    const waiting = Array.isArray(waitingOnIt)
      ? waitingOnIt.sort((a, b) => a.arrival - b.arrival)
      : [waitingOnIt];
    for (const held of waiting) {
      const { write } = held.entry;
      const fromOrigin = this.held.get(write.origin);
      const writeSeqOf = writeSeq(write);
      // A write added twice is indexed twice; only its current holding counts.
      if (fromOrigin?.get(writeSeqOf) !== held) continue;
      if (deliverable(write, delivered)) {
        fromOrigin.delete(writeSeqOf);
        this.count -= 1;
        ready.push(held.entry);
      } else if (clockEntry(delivered, write.origin) >= writeSeqOf) {
        fromOrigin.delete(writeSeqOf);
        this.count -= 1;
        stale.push(held.entry);
      } else {
        this.index(held, delivered);
      }
    }
    return { ready, stale };
  }

  /** Removes and returns everything, in arrival order. */
  drain(): BufferedWrite[] {
    const all = this.entries();
    this.held.clear();
    this.waitingOn.clear();
    this.count = 0;
    return all;
  }

  private index(held: Held, delivered: VectorClock): void {
    const missing = firstMissingDependency(held.entry.write, delivered);
    if (!missing) {
      throw new Error(`internal: ${writeId(held.entry.write)} was buffered while deliverable`);
    }
    let waitingOnOrigin = this.waitingOn.get(missing.origin);
    if (!waitingOnOrigin) {
      waitingOnOrigin = new Map();
      this.waitingOn.set(missing.origin, waitingOnOrigin);
    }
    const waiting = waitingOnOrigin.get(missing.seq);
    if (waiting === undefined) waitingOnOrigin.set(missing.seq, held);
    else if (Array.isArray(waiting)) waiting.push(held);
    else waitingOnOrigin.set(missing.seq, [waiting, held]);
  }
}

interface Held {
  readonly entry: BufferedWrite;
  /** Arrival number, for listing in arrival order. */
  readonly arrival: number;
}
