/**
 * Which journal event applied each write the journal still holds, kept in memory in place of an
 * index on `events.write_id`. An index is one more B-tree to insert into at every applied write
 * and to delete from at every compacted one, on a path every write takes, for a lookup that only
 * a duplicate arrival makes; measured in one run, dropping it took a fifth off the writer's and
 * the peer's in-process cost per write. The rows still name their write, so the map is rebuilt
 * from them on open and whenever memory reloads from disk (after a step or commit that failed and
 * was rolled back, whose events may have given their seqs to other events since).
 * Invariant: entries are in increasing event seq (events are added in seq order, and a rebuild
 * reads them in it), so compaction forgets from the front.
 */
import type Database from "better-sqlite3";

export class AppliedWrites {
  /** Write id → seq of the first retained event that applied it, oldest first. */
  private readonly seqs = new Map<string, number>();
  private readonly statements;

  constructor(connection: Database.Database) {
    this.statements = {
      named: connection.prepare<[], { seq: number; write_id: string }>(
        "SELECT seq, write_id FROM events WHERE write_id IS NOT NULL ORDER BY seq",
      ),
      event: connection.prepare<[number, string], { event: string }>(
        "SELECT event FROM events WHERE seq = ? AND write_id = ?",
      ),
    };
    this.rebuild();
  }

  /** How many writes the map names (one entry each: its memory is bounded by the journal's). */
  get size(): number {
    return this.seqs.size;
  }

  /** Reads the map again from the rows, as this connection sees them. */
  rebuild(): void {
    this.seqs.clear();
    for (const row of this.statements.named.iterate()) this.added(row.write_id, row.seq);
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
   * The stored JSON of the event that applied `writeId`, if the journal still holds it. The row
   * must still name the write: a stale entry reads as nothing to compare with, never as another
   * write's event.
   */
  eventOf(writeId: string): string | undefined {
    const seq = this.seqs.get(writeId);
    return seq === undefined ? undefined : this.statements.event.get(seq, writeId)?.event;
  }
}
