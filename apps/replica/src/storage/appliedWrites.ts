/**
 * Which journal event applied each write the journal still holds, kept in memory in place of an
 * index: an index is one more B-tree to insert into at every applied write and to delete from at
 * every compacted one, on a path every write takes, for a lookup that only a duplicate arrival
 * makes (in-process, dropping the index took the writer's cost per write to 0.80-0.85 and a
 * peer's to 0.80-0.97 of before). The map is rebuilt from the stored events on open and whenever
 * memory reloads from disk (after a step or commit that failed and was rolled back, whose events
 * may have given their seqs to other events since); parsing them takes about 0.1-0.15 s for a
 * full journal of 50,000 events, at every start and every such reload.
 * Invariant: entries are in increasing event seq (events are added in seq order, and a rebuild
 * reads them in it), so compaction forgets from the front.
 */
import { type ReplicatedWrite, writeId } from "@causal-kv/core";
import type { JournalRows } from "./journalRows.js";

/** The write a stored event applied, if it is a write or a delivery. */
function appliedBy(json: string): string | undefined {
  // Most events are neither: no parse for them.
  if (!json.includes('"type":"write"') && !json.includes('"type":"deliver"')) return undefined;
  try {
    const event = JSON.parse(json) as { type?: unknown; message?: ReplicatedWrite };
    if ((event.type !== "write" && event.type !== "deliver") || event.message === undefined) {
      return undefined;
    }
    return writeId(event.message);
  } catch {
    // A damaged row names nothing.
    return undefined;
  }
}

export class AppliedWrites {
  /** Write id → seq of the first retained event that applied it, oldest first. */
  private readonly seqs = new Map<string, number>();

  constructor(private readonly rows: JournalRows) {
    this.rebuild();
  }

  /** How many writes the map names (one entry each: its memory is bounded by the journal's). */
  get size(): number {
    return this.seqs.size;
  }

  /** Reads the map again from the stored events, as this connection sees them. */
  rebuild(): void {
    this.seqs.clear();
    for (const { seq, event } of this.rows.events()) {
      const applied = appliedBy(event);
      if (applied !== undefined) this.added(applied, seq);
    }
  }

  /** The event with `seq` applied `writeId`; an earlier one that applied it stays the one named. */
  added(writeId: string, seq: number): void {
    if (!this.seqs.has(writeId)) this.seqs.set(writeId, seq);
  }

  /** Events before `cutoff` were deleted. */
  forgetBefore(cutoff: number): void {
    for (const [writeId, seq] of this.seqs) {
      if (seq >= cutoff) break;
      this.seqs.delete(writeId);
    }
  }

  /** Every event was deleted. */
  clear(): void {
    this.seqs.clear();
  }

  /**
   * The stored JSON of the event that applied `writeId`, if the journal still holds it. The event
   * must still be the one that applied it: a stale entry reads as nothing to compare with, never
   * as another write's event.
   */
  eventOf(writeId: string): string | undefined {
    const seq = this.seqs.get(writeId);
    const event = seq === undefined ? undefined : this.rows.event(seq);
    return event !== undefined && appliedBy(event) === writeId ? event : undefined;
  }
}
