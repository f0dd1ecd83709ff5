/**
 * Writes that arrived before their causal past. Each is indexed under the first write it still
 * misses, so when a write is delivered only the writes waiting on it are looked at again: a message
 * is re-indexed at most once per replica in its clock, and delivery stays O(1) amortized.
 */
import { firstMissingOrigin, missingDependencies, neededFrom } from "./causalDelivery.js";
import type { ReplicaId } from "./replicaId.js";
import {
  parseWriteId,
  type ReplicatedWrite,
  type WriteId,
  writeId,
  writeSeq,
} from "./replicatedWrite.js";
import { SeqTable } from "./seqTable.js";
import { clockEntry, type VectorClock } from "./vectorClock.js";

export interface BufferedWrite {
  readonly write: ReplicatedWrite;
  /** When it arrived, in the caller's time unit (ms). */
  readonly arrivedAt: number;
}

export class CausalBuffer {
  /**
   * origin → seq → held write. Writes are keyed by numbers, never by `origin:seq` strings (a fresh
   * string per lookup was once the main cost), and kept in paged tables rather than Maps (a Map
   * entry added and deleted per held write was the next).
   */
  private readonly held = new Map<ReplicaId, SeqTable<Held>>();
  /** origin → seq → the held writes waiting on origin:seq (most often just one, kept bare). */
  private readonly waitingOn = new Map<ReplicaId, SeqTable<Held | Held[]>>();
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
    return this.held.get(origin)?.get(seq) !== undefined;
  }

  /** origin's write number `seq`, whole, if it is held here. */
  heldWrite(origin: ReplicaId, seq: number): BufferedWrite | undefined {
    return this.held.get(origin)?.get(seq);
  }

  /** Buffers a write that is not deliverable against `delivered`, replacing any holding of it. */
  add(entry: BufferedWrite, delivered: VectorClock): void {
    const { write, arrivedAt } = entry;
    this.place(write, arrivedAt, firstMissingOrigin(write, delivered), true);
  }

  /**
   * Buffers a write unless it is held already. `waitsOn` is what `firstMissingOrigin` found for it
   * against the writes delivered: the caller has just looked, so the buffer does not look again.
   */
  hold(write: ReplicatedWrite, arrivedAt: number, waitsOn: ReplicaId): boolean {
    return this.place(write, arrivedAt, waitsOn, false);
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
    return all.sort((a, b) => a.arrival - b.arrival).map(bufferedWrite);
  }

  /**
   * Call when `delivered[origin]` has reached `seq`. Removes and returns, in arrival order, the
   * writes waiting on it that are now deliverable (`ready`) or were meanwhile applied some other
   * way (`stale`: another write under its number, from a replica that lost writes in a crash and
   * numbered new ones the same); the others are re-indexed.
   */
  release(
    origin: ReplicaId,
    seq: number,
    delivered: VectorClock,
  ): { ready: BufferedWrite[]; stale: BufferedWrite[] } {
    const ready: BufferedWrite[] = [];
    const stale: BufferedWrite[] = [];
    this.releaseInto(origin, seq, delivered, ready, stale);
    return { ready: ready.map(bufferedWrite), stale: stale.map(bufferedWrite) };
  }

  /**
   * `release`, appending to the caller's lists: a replica releases once per delivered write. The
   * entries appended carry the buffer's own bookkeeping too; read only `write` and `arrivedAt`.
   */
  releaseInto(
    origin: ReplicaId,
    seq: number,
    delivered: VectorClock,
    ready: BufferedWrite[],
    stale: BufferedWrite[],
  ): void {
    const waitingOnOrigin = this.waitingOn.get(origin);
    const waiting = waitingOnOrigin?.get(seq);
    if (waitingOnOrigin === undefined || waiting === undefined) return;
    waitingOnOrigin.delete(seq);
    // Lists are kept in arrival order, not indexing order: a buffer rebuilt from a snapshot indexes
    // its writes in another order, and must still release them exactly as the original would have.
    if (Array.isArray(waiting)) {
      for (const held of waiting) this.recheck(held, delivered, ready, stale);
    } else {
      this.recheck(waiting, delivered, ready, stale);
    }
  }

  /** Removes and returns everything, in arrival order. */
  drain(): BufferedWrite[] {
    const all = this.entries();
    this.held.clear();
    this.waitingOn.clear();
    this.count = 0;
    return all;
  }

  /**
   * After the writes applied grew other than by delivery (a state transfer): takes out, in arrival
   * order, the writes now deliverable (`ready`) or applied already (`stale`), and files the rest
   * under what they wait for now. Ready writes are of distinct origins (each its origin's next), so
   * delivering one never makes another undeliverable.
   */
  sortOut(
    delivered: VectorClock,
    isApplied: (origin: ReplicaId, seq: number) => boolean,
  ): { ready: BufferedWrite[]; stale: BufferedWrite[] } {
    const ready: BufferedWrite[] = [];
    const stale: BufferedWrite[] = [];
    for (const entry of this.drain()) {
      const { write, arrivedAt } = entry;
      const missing = firstMissingOrigin(write, delivered);
      if (isApplied(write.origin, writeSeq(write))) stale.push(entry);
      else if (missing === undefined) ready.push(entry);
      else this.place(write, arrivedAt, missing, true);
    }
    return { ready, stale };
  }

  private place(
    write: ReplicatedWrite,
    arrivedAt: number,
    missing: ReplicaId | undefined,
    replace: boolean,
  ): boolean {
    const seq = writeSeq(write);
    let fromOrigin = this.held.get(write.origin);
    if (!fromOrigin) {
      fromOrigin = new SeqTable();
      this.held.set(write.origin, fromOrigin);
    }
    const previous = fromOrigin.get(seq);
    let arrival: number;
    if (previous) {
      if (!replace) return false;
      // The old holding stays indexed until its turn comes, and is skipped then.
      previous.superseded = true;
      arrival = previous.arrival;
    } else {
      this.count += 1;
      arrival = this.arrivals++;
    }
    const held: Held = { write, arrivedAt, seq, arrival, superseded: false };
    fromOrigin.set(seq, held);
    this.index(held, missing);
    return true;
  }

  /** Sorts out a held write whose awaited write was delivered; it is never validated again. */
  private recheck(
    held: Held,
    delivered: VectorClock,
    ready: BufferedWrite[],
    stale: BufferedWrite[],
  ): void {
    if (held.superseded) return;
    const { write } = held;
    const missing = firstMissingOrigin(write, delivered);
    const done = clockEntry(delivered, write.origin);
    if (missing === undefined && held.seq === done + 1) {
      this.remove(held);
      ready.push(held);
    } else if (done >= held.seq) {
      this.remove(held);
      stale.push(held);
    } else {
      this.index(held, missing);
    }
  }

  private remove(held: Held): void {
    this.held.get(held.write.origin)?.delete(held.seq);
    this.count -= 1;
  }

  /** Files `held` under the write it waits for: `missing`'s write `neededFrom(write, missing)`. */
  private index(held: Held, missing: ReplicaId | undefined): void {
    const { write } = held;
    if (missing === undefined) {
      throw new Error(`internal: ${writeId(write)} was buffered while deliverable`);
    }
    const seq = neededFrom(write, missing);
    let waitingOnOrigin = this.waitingOn.get(missing);
    if (!waitingOnOrigin) {
      waitingOnOrigin = new SeqTable();
      this.waitingOn.set(missing, waitingOnOrigin);
    }
    const waiting = waitingOnOrigin.get(seq);
    if (waiting === undefined) waitingOnOrigin.set(seq, held);
    else if (Array.isArray(waiting)) insertByArrival(waiting, held);
    else
      waitingOnOrigin.set(seq, waiting.arrival < held.arrival ? [waiting, held] : [held, waiting]);
  }
}

function insertByArrival(list: Held[], held: Held): void {
  let at = list.length;
  while (at > 0 && (list[at - 1] as Held).arrival > held.arrival) {
    list[at] = list[at - 1] as Held;
    at -= 1;
  }
  list[at] = held;
}

/** A held write: the entry itself (one object per buffered write), plus bookkeeping. */
interface Held extends BufferedWrite {
  /** The write's own number, `writeSeq(write)`. */
  readonly seq: number;
  /** Arrival number, for listing in arrival order. */
  readonly arrival: number;
  /** Replaced by a later `add` of the same write. */
  superseded: boolean;
}

/** The entry alone, as callers and snapshots see it. */
function bufferedWrite(held: BufferedWrite): BufferedWrite {
  return { write: held.write, arrivedAt: held.arrivedAt };
}
