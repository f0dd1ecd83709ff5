/**
 * Keeps a replica's stored journal within its budget of events and bytes: once either is passed,
 * the oldest events are deleted until both are at most 90% of it (so compaction runs now and then,
 * not at every event), and with them the names of the writes they applied. The journal then starts at `start`;
 * readers asking for what came before are told so (GET /events gives `start`). The deleting is
 * spread over the steps that follow, a slice per step (never less than the step added, so the
 * journal only shrinks meanwhile): cutting a tenth of a 50,000-event journal at once held the
 * event loop, and every request in flight, for tens of milliseconds.
 */
import type Database from "better-sqlite3";

export interface JournalBudget {
  readonly maxEvents: number;
  /** In bytes of stored JSON (UTF-8). */
  readonly maxBytes: number;
}

/**
 * Keeps a lab session whole (a classroom run makes hundreds of events, an afternoon of writing by
 * hand a few thousand), while a replica under a load test (500 writes/s journal about a thousand
 * events a second on each replica) reaches the budget within its first minute and stays flat.
 */
export const defaultJournalBudget: JournalBudget = {
  maxEvents: 50_000,
  maxBytes: 32 * 1024 * 1024,
};

const compactTo = 0.9;
/** Events deleted per step while compacting, at least. */
const compactSlice = 500;

export class JournalRetention {
  private events = 0;
  private bytes = 0;
  private first = 1;
  /** Over budget, and not yet back down to compactTo of it. */
  private compacting = false;
  private addedSinceCompact = 0;
  private readonly statements;

  constructor(
    connection: Database.Database,
    private readonly budget: JournalBudget = defaultJournalBudget,
    /** Told that the events before `cutoff` were deleted. */
    private readonly deletedBefore: (cutoff: number) => void = () => {},
  ) {
    this.statements = {
      totals: connection.prepare<
        [],
        { events: number; bytes: number | null; first: number | null }
      >(
        "SELECT COUNT(*) AS events, SUM(LENGTH(CAST(event AS BLOB))) AS bytes, MIN(seq) AS first FROM events",
      ),
      oldest: connection.prepare<[number, number], { seq: number; bytes: number }>(
        "SELECT seq, LENGTH(CAST(event AS BLOB)) AS bytes FROM events WHERE seq >= ? ORDER BY seq LIMIT ?",
      ),
      deleteEvents: connection.prepare<[number]>("DELETE FROM events WHERE seq < ?"),
    };
    this.recount();
  }

  /** The first seq the journal still holds (1 while nothing was compacted). */
  get start(): number {
    return this.first;
  }

  /** Counts again from the table: after opening, and after the journal was emptied by a reset. */
  recount(): void {
    const totals = this.statements.totals.get();
    this.events = totals?.events ?? 0;
    this.bytes = totals?.bytes ?? 0;
    this.first = totals?.first ?? 1;
    this.compacting = false;
    this.addedSinceCompact = 0;
  }

  /** An event of `bytes` was stored. */
  added(bytes: number): void {
    this.events += 1;
    this.bytes += bytes;
    this.addedSinceCompact += 1;
  }

  /**
   * Deletes a slice of the oldest events while the journal is over budget, or not yet back down to
   * compactTo of it; call inside the step's transaction, once per step.
   */
  compact(): void {
    const { maxEvents, maxBytes } = this.budget;
    const added = this.addedSinceCompact;
    this.addedSinceCompact = 0;
    if (!this.compacting && this.events <= maxEvents && this.bytes <= maxBytes) return;
    this.compacting = true;
    const over = (events: number, bytes: number) =>
      events > maxEvents * compactTo || bytes > maxBytes * compactTo;
    let slice = Math.max(compactSlice, added);
    let events = this.events;
    let bytes = this.bytes;
    let cutoff = this.first;
    let exhausted = false;
    // Never the newest event: a reader always finds where the journal ends.
    while (over(events, bytes) && events > 1 && slice > 0) {
      const page = this.statements.oldest.all(cutoff, Math.min(10_000, events - 1, slice));
      if (page.length === 0) {
        exhausted = true;
        break;
      }
      for (const row of page) {
        if (!over(events, bytes) || events <= 1) break;
        events -= 1;
        bytes -= row.bytes;
        cutoff = row.seq + 1;
        slice -= 1;
      }
    }
    if (exhausted || !over(events, bytes) || events <= 1) this.compacting = false;
    if (cutoff === this.first) return;
    this.statements.deleteEvents.run(cutoff);
    this.deletedBefore(cutoff);
    this.events = events;
    this.bytes = bytes;
    this.first = cutoff;
  }
}
