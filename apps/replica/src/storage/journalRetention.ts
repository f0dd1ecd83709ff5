/**
 * Keeps a replica's stored journal within its budget of events and bytes: once either is passed,
 * the oldest rows (a step's events each) are deleted until both are at most 90% of it, give or
 * take the last row cut (so compaction runs now and then, not at every event), and with them the
 * names of the writes they applied. The journal then starts at `start`; readers asking for what
 * came before are told so (GET /events gives `start`). The deleting is spread over the steps that
 * follow, a slice per step (never less than the step added, so the journal only shrinks
 * meanwhile): cutting a tenth of a 50,000-event journal at once held the event loop, and every
 * request in flight, for tens of milliseconds.
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
  /**
   * The first seq, event count and stored size of every row the journal holds (one row per step,
   * see journalRows.ts), oldest first from `head`: what compaction cuts is worked out here, where
   * reading the oldest rows back to measure them cost four times the DELETE that follows.
   */
  private seqs: number[] = [];
  private counts: number[] = [];
  private sizes: number[] = [];
  private head = 0;
  private readonly statements;

  constructor(
    connection: Database.Database,
    private readonly budget: JournalBudget = defaultJournalBudget,
    /** Told that the events before `cutoff` were deleted. */
    private readonly deletedBefore: (cutoff: number) => void = () => {},
  ) {
    this.statements = {
      sizes: connection.prepare<[], { seq: number; count: number; bytes: number }>(
        "SELECT seq, count, LENGTH(CAST(event AS BLOB)) AS bytes FROM events ORDER BY seq",
      ),
      deleteEvents: connection.prepare<[number]>("DELETE FROM events WHERE seq < ?"),
    };
    this.recount();
  }

  /** The first seq the journal still holds (1 while nothing was compacted). */
  get start(): number {
    return this.first;
  }

  /**
   * Measures the journal again from the table: after opening, after the journal was emptied by a
   * reset, and after a rollback undid events or a compaction this memory had counted.
   */
  recount(): void {
    this.seqs = [];
    this.counts = [];
    this.sizes = [];
    this.head = 0;
    this.events = 0;
    this.bytes = 0;
    for (const row of this.statements.sizes.iterate()) this.remember(row.seq, row.count, row.bytes);
    this.first = this.seqs[0] ?? 1;
    this.compacting = false;
    this.addedSinceCompact = 0;
  }

  /** A row of `count` events from `seq` on, of `bytes`, was stored. */
  added(seq: number, count: number, bytes: number): void {
    this.remember(seq, count, bytes);
    this.addedSinceCompact += count;
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
    const over = () => this.events > maxEvents * compactTo || this.bytes > maxBytes * compactTo;
    let slice = Math.max(compactSlice, added);
    let cutoff = this.first;
    // Never the newest row: a reader always finds where the journal ends.
    while (over() && this.seqs.length - this.head > 1 && slice > 0) {
      const seq = this.seqs[this.head];
      const count = this.counts[this.head];
      const bytes = this.sizes[this.head];
      if (seq === undefined || count === undefined || bytes === undefined) break;
      this.head += 1;
      this.events -= count;
      this.bytes -= bytes;
      cutoff = seq + count;
      slice -= count;
    }
    if (!over() || this.seqs.length - this.head <= 1) this.compacting = false;
    this.dropForgotten();
    if (cutoff === this.first) return;
    this.statements.deleteEvents.run(cutoff);
    this.deletedBefore(cutoff);
    this.first = cutoff;
  }

  private remember(seq: number, count: number, bytes: number): void {
    this.seqs.push(seq);
    this.counts.push(count);
    this.sizes.push(bytes);
    this.events += count;
    this.bytes += bytes;
  }

  /** Lets go of the entries compaction passed, now and then, so that the arrays stay bounded. */
  private dropForgotten(): void {
    if (this.head < 4096 || this.head * 2 < this.seqs.length) return;
    this.seqs = this.seqs.slice(this.head);
    this.counts = this.counts.slice(this.head);
    this.sizes = this.sizes.slice(this.head);
    this.head = 0;
  }
}
