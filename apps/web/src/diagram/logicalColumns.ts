/**
 * Logical time for the diagram: each event's column in happens-before order. An event sits one
 * column after the previous event of its replica and, where a message arrives, one column after
 * its send; so a → b always puts a left of b, a lane never has two events in one column, and
 * concurrent events of different lanes can share a column. Computed incrementally: events appended
 * to the journals are placed after what is placed already, which never moves, so a live run costs
 * its new events, not its whole window; the result equals placing everything at once.
 */
import { type JournalEvent, type WriteId, writeId } from "@causal-kv/core";

/** How many seqs back a lane's columns are kept (a live window is far shorter). */
const keptSeqs = 1 << 20;
/** Arrivals placed without their send, remembered to notice the send coming later; at most this many. */
const maxUnjoined = 20_000;

/** Each lane's columns by seq, from its first placed seq on (a typed array: 100,000 events cost). */
interface LaneColumns {
  first: number;
  columns: Int32Array;
  /** The last event placed, to tell its journal grown from a journal started over. */
  last: JournalEvent | undefined;
}

export class LogicalColumns {
  private readonly placed: LaneColumns[];
  private readonly lastColumn: number[];
  private readonly lastSeq: number[];
  /** The column of each send placed, until every lane has moved past it (then joining it is moot). */
  private readonly sendColumn = new Map<WriteId, number>();
  /** The earliest column of an arrival placed unjoined, by the write it carries. */
  private readonly unjoined = new Map<WriteId, number>();
  private prunedAt = 0;
  /** Added to every column read: a layout started over keeps its events where they were shown. */
  private shift = 0;

  constructor(readonly lanes: number) {
    this.lastColumn = new Array<number>(lanes).fill(-1);
    this.lastSeq = new Array<number>(lanes).fill(0);
    this.placed = Array.from({ length: lanes }, () => ({
      first: 0,
      columns: new Int32Array(0),
      last: undefined,
    }));
  }

  /** The column of an event of this lane placed before (by its seq). */
  column(lane: number, seq: number): number | undefined {
    const placed = this.placed[lane];
    if (!placed || seq > (this.lastSeq[lane] ?? 0)) return undefined;
    const column = placed.columns[seq - placed.first];
    return column === undefined || column < 0 ? undefined : column + this.shift;
  }

  /** The first column the last layout from these columns showed (set by the layout). */
  shownFirst: number | undefined;

  /**
   * Moves every column by whole columns so that the first, `lowest`, is where `before`'s last
   * layout began: a live layout that had to start over (older events fetched when panning back, a
   * journal started again) keeps its left edge, so a view at that edge still sees the run start.
   */
  alignWith(before: LogicalColumns, lowest: number): void {
    if (before.shownFirst !== undefined) this.shift = before.shownFirst - lowest;
  }

  /**
   * Places each lane's journal (events in seq order): what is placed stays, what follows it is
   * placed after. False when that cannot equal a layout from scratch (an event before what is
   * placed that is not placed, or a send whose arrival was already placed without it): then lay
   * the journals out in a new LogicalColumns.
   */
  place(journals: readonly (readonly JournalEvent[])[]): boolean {
    const fresh: JournalEvent[][] = [];
    const sendsDue = new Set<WriteId>();
    for (let lane = 0; lane < this.lanes; lane++) {
      const list: JournalEvent[] = [];
      const lastSeq = this.lastSeq[lane] ?? 0;
      const journal = journals[lane] ?? [];
      if (!this.grows(lane, journal)) return false;
      let sorted = true;
      for (const event of journal) {
        if (event.seq <= lastSeq) {
          // Placed before, or a gap now filled (missed events fetched): that moves what follows.
          if (this.column(lane, event.seq) === undefined) return false;
          continue;
        }
        if (list.length > 0 && (list[list.length - 1]?.seq ?? 0) > event.seq) sorted = false;
        list.push(event);
        if (event.type === "send") sendsDue.add(writeId(event.message));
      }
      // Journals come in order: sort only a lane that is not, since sorting 100,000 costs.
      if (!sorted) list.sort((a, b) => a.seq - b.seq);
      fresh.push(list);
    }
    const next = new Array<number>(this.lanes).fill(0);
    // Lanes advance as far as they can; an arrival waits until its send has a column.
    for (;;) {
      let progressed = false;
      let stuck: number | undefined;
      for (let lane = 0; lane < this.lanes; lane++) {
        const list = fresh[lane] ?? [];
        for (;;) {
          const event = list[next[lane] ?? 0];
          if (event === undefined) break;
          const wanted = joinedWrite(event);
          const join = wanted === undefined ? undefined : this.sendColumn.get(wanted);
          if (wanted !== undefined && join === undefined && sendsDue.has(wanted)) {
            stuck ??= lane;
            break;
          }
          if (!this.put(lane, event, wanted, join)) return false;
          next[lane] = (next[lane] ?? 0) + 1;
          progressed = true;
        }
      }
      if (stuck === undefined) break;
      // Only a malformed trace (an arrival before any send of it) gets here: place it unjoined.
      if (!progressed) {
        const event = fresh[stuck]?.[next[stuck] ?? 0];
        if (event === undefined || !this.put(stuck, event, undefined, undefined)) return false;
        next[stuck] = (next[stuck] ?? 0) + 1;
      }
    }
    this.prune();
    return true;
  }

  private put(
    lane: number,
    event: JournalEvent,
    wanted: WriteId | undefined,
    join: number | undefined,
  ): boolean {
    const column = Math.max((this.lastColumn[lane] ?? -1) + 1, join === undefined ? 0 : join + 1);
    if (event.type === "send") {
      const write = writeId(event.message);
      // An arrival of it already placed at or before this column would have waited for it.
      const arrival = this.unjoined.get(write);
      if (arrival !== undefined && arrival <= column) return false;
      this.sendColumn.set(write, column);
    } else if (wanted !== undefined && join === undefined) {
      const earliest = this.unjoined.get(wanted);
      if (earliest === undefined || column < earliest) this.unjoined.set(wanted, column);
      if (this.unjoined.size > maxUnjoined) {
        const oldest = this.unjoined.keys().next();
        if (!oldest.done) this.unjoined.delete(oldest.value);
      }
    }
    this.record(lane, event, column);
    this.lastColumn[lane] = column;
    this.lastSeq[lane] = event.seq;
    return true;
  }

  /** Whether the journal is the one placed so far, grown: it holds the last event placed, or starts after it. */
  private grows(lane: number, journal: readonly JournalEvent[]): boolean {
    const { last } = this.placed[lane] ?? {};
    if (!last) return true;
    const start = journal[0]?.seq ?? Number.POSITIVE_INFINITY;
    if (start > last.seq) return true;
    // Journals are in seq order, almost always without gaps: look where it should be first.
    const guess = journal[last.seq - start];
    return guess === last || journal.includes(last);
  }

  private record(lane: number, event: JournalEvent, column: number): void {
    const placed = this.placed[lane];
    if (!placed) return;
    if (placed.last === undefined) placed.first = event.seq;
    let at = event.seq - placed.first;
    if (at >= placed.columns.length) {
      // Grow; and drop what lies well before the lane's newest events, so a long run stays bounded.
      const keepFrom = Math.max(0, at - keptSeqs);
      const grown = new Int32Array(Math.max(64, (at - keepFrom + 1) * 2)).fill(-1);
      grown.set(placed.columns.subarray(keepFrom, Math.min(placed.columns.length, at)));
      placed.columns = grown;
      placed.first += keepFrom;
      at -= keepFrom;
    }
    placed.columns[at] = column;
    placed.last = event;
  }

  /** A send every lane has moved past joins nothing more: a later arrival follows it anyway. */
  private prune(): void {
    let reached = Number.POSITIVE_INFINITY;
    for (const column of this.lastColumn) reached = Math.min(reached, column);
    if (this.sendColumn.size < 1024 || reached <= this.prunedAt) return;
    this.prunedAt = reached;
    for (const [write, column] of this.sendColumn)
      if (column <= reached) this.sendColumn.delete(write);
  }
}

/** The write an arrival joins: one from another replica, carried by a receive, buffer, delivery. */
function joinedWrite(event: JournalEvent): WriteId | undefined {
  if (event.type === "send" || event.type === "write" || !("message" in event)) return undefined;
  return event.message.origin === event.replica ? undefined : writeId(event.message);
}
