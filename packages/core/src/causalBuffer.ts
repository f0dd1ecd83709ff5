/**
 * Writes that arrived before their causal past. Each is indexed under the first write it still
 * misses, so when a write is delivered only the writes waiting on it are looked at again: a message
 * is re-indexed at most once per replica in its clock, and delivery stays O(1) amortized.
 */
import { deliverable, firstMissingDependency, missingDependencies } from "./causalDelivery.js";
import type { ReplicaId } from "./replicaId.js";
import {
  formatWriteId,
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
  /** Insertion order is arrival order. */
  private readonly byId = new Map<WriteId, BufferedWrite>();
  private readonly waitingOn = new Map<WriteId, WriteId[]>();

  get size(): number {
    return this.byId.size;
  }

  has(id: WriteId): boolean {
    return this.byId.has(id);
  }

  /** Buffers a write that is not deliverable against `delivered`. */
  add(entry: BufferedWrite, delivered: VectorClock): void {
    const id = writeId(entry.write);
    this.byId.set(id, entry);
    this.index(id, entry.write, delivered);
  }

  /** For each replica, the latest of its writes this entry still waits for. */
  waitingFor(entry: BufferedWrite, delivered: VectorClock): WriteId[] {
    return missingDependencies(entry.write, delivered);
  }

  entries(): BufferedWrite[] {
    return [...this.byId.values()];
  }

  /**
   * Call when `delivered[origin]` has reached `seq`. Removes and returns, in the order they were
   * indexed, the writes waiting on it that are now deliverable (`ready`) or were meanwhile applied
   * some other way (`stale`, only after a mode switch); the others are re-indexed.
   */
  release(
    origin: ReplicaId,
    seq: number,
    delivered: VectorClock,
  ): { ready: BufferedWrite[]; stale: BufferedWrite[] } {
    const ready: BufferedWrite[] = [];
    const stale: BufferedWrite[] = [];
    const key = formatWriteId(origin, seq);
    const waiting = this.waitingOn.get(key);
    if (!waiting) return { ready, stale };
    this.waitingOn.delete(key);
    for (const id of waiting) {
      const entry = this.byId.get(id);
      if (!entry) continue;
      if (deliverable(entry.write, delivered)) {
        this.byId.delete(id);
        ready.push(entry);
      } else if (clockEntry(delivered, entry.write.origin) >= writeSeq(entry.write)) {
        this.byId.delete(id);
        stale.push(entry);
      } else {
        this.index(id, entry.write, delivered);
      }
    }
    return { ready, stale };
  }

  /** Removes and returns everything, in arrival order. */
  drain(): BufferedWrite[] {
    const all = [...this.byId.values()];
    this.byId.clear();
    this.waitingOn.clear();
    return all;
  }

  private index(id: WriteId, write: ReplicatedWrite, delivered: VectorClock): void {
    const missing = firstMissingDependency(write, delivered);
    if (!missing) throw new Error(`internal: ${id} was buffered while deliverable`);
    const key = formatWriteId(missing.origin, missing.seq);
    const list = this.waitingOn.get(key);
    if (list) list.push(id);
    else this.waitingOn.set(key, [id]);
  }
}
