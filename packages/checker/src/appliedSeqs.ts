/**
 * A set of write ids kept as ranges of seqs per origin: writes applied in order cost one range per
 * origin however many there are, so a long run's "which writes were applied here" stays small.
 */
import type { ReplicaId } from "@causal-kv/core";

/** Sorted, disjoint, non-adjacent inclusive ranges. */
type Ranges = Array<[number, number]>;

export class AppliedSeqs {
  private readonly byOrigin = new Map<ReplicaId, Ranges>();

  has(origin: ReplicaId, seq: number): boolean {
    const ranges = this.byOrigin.get(origin);
    if (!ranges) return false;
    const at = lastStartingAtOrBefore(ranges, seq);
    const range = ranges[at];
    return range !== undefined && seq <= range[1];
  }

  /** Adds one seq; says whether it was new. */
  add(origin: ReplicaId, seq: number): boolean {
    return this.addRange(origin, seq, seq);
  }

  /** Adds seqs `from` to `to`; says whether any was new. */
  addRange(origin: ReplicaId, from: number, to: number): boolean {
    if (to < from) return false;
    let ranges = this.byOrigin.get(origin);
    if (!ranges) {
      ranges = [];
      this.byOrigin.set(origin, ranges);
    }
    // In-order applies extend the last range: the common case, without a search.
    const last = ranges[ranges.length - 1];
    if (last && from >= last[0]) {
      if (to <= last[1]) return false;
      if (from <= last[1] + 1) {
        last[1] = to;
        return true;
      }
      ranges.push([from, to]);
      return true;
    }
    const at = lastStartingAtOrBefore(ranges, from);
    const container = ranges[at];
    if (container && container[1] >= to) return false;
    const start = container && container[1] + 1 >= from ? at : at + 1;
    let low = from;
    let high = to;
    let end = start;
    for (let range = ranges[end]; range && range[0] <= to + 1; range = ranges[++end]) {
      low = Math.min(low, range[0]);
      high = Math.max(high, range[1]);
    }
    ranges.splice(start, end - start, [low, high]);
    return true;
  }

  /** A deep copy. */
  clone(): AppliedSeqs {
    const copy = new AppliedSeqs();
    for (const [origin, ranges] of this.byOrigin)
      copy.byOrigin.set(
        origin,
        ranges.map(([from, to]) => [from, to]),
      );
    return copy;
  }
}

/** The index of the last range starting at or before `seq`, or -1. */
function lastStartingAtOrBefore(ranges: Ranges, seq: number): number {
  let low = 0;
  let high = ranges.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((ranges[mid]?.[0] ?? 0) <= seq) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}
