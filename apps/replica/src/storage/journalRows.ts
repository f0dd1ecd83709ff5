/**
 * The journal's rows: one row per step, holding the step's events. A write journals two events
 * (the write and its send) and a peer's batch one per write it carries, and a row per event cost a
 * B-tree insert at every event and a delete when compaction cut it: one row per step pays them
 * once for the step. A row's `seq` is its first event's and `count` says how many follow on; its
 * text is the events' JSON texts joined by newlines (JSON.stringify never writes a raw newline), so
 * every event reads back exactly as it was written, without parsing. Rows written before schema 6
 * hold one event each (count 1), which is the same format.
 * Invariant: rows never overlap, and the events of the journal have consecutive seqs.
 */
import type Database from "better-sqlite3";

/** One event as stored: its seq and its JSON text. */
export interface StoredEvent {
  readonly seq: number;
  readonly event: string;
}

interface Row {
  readonly seq: number;
  readonly count: number;
  readonly events: string;
}

/** The events of `row`, in order. */
function expand(row: Row): StoredEvent[] {
  if (row.count === 1) return [{ seq: row.seq, event: row.events }];
  const texts = row.events.split("\n");
  return texts.map((event, i) => ({ seq: row.seq + i, event }));
}

/** The `index`th event of `row`, cut out without splitting the rest. */
function nth(row: Row, index: number): string | undefined {
  if (row.count === 1) return index === 0 ? row.events : undefined;
  let start = 0;
  for (let i = 0; i < index; i++) {
    start = row.events.indexOf("\n", start) + 1;
    if (start === 0) return undefined;
  }
  const end = row.events.indexOf("\n", start);
  return end === -1 ? row.events.slice(start) : row.events.slice(start, end);
}

export class JournalRows {
  private readonly statements;

  constructor(connection: Database.Database) {
    this.statements = {
      add: connection.prepare<[number, number, string]>(
        "INSERT INTO events (seq, count, event) VALUES (?, ?, ?)",
      ),
      // The row that holds `seq`, if any: the last one starting at or before it.
      holding: connection.prepare<[number], Row>(
        "SELECT seq, count, event AS events FROM events WHERE seq <= ? ORDER BY seq DESC LIMIT 1",
      ),
      from: connection.prepare<[number, number], Row>(
        "SELECT seq, count, event AS events FROM events WHERE seq >= ? ORDER BY seq LIMIT ?",
      ),
      upTo: connection.prepare<[number, number], Row>(
        "SELECT seq, count, event AS events FROM events WHERE seq <= ? ORDER BY seq DESC LIMIT ?",
      ),
      all: connection.prepare<[], Row>(
        "SELECT seq, count, event AS events FROM events ORDER BY seq",
      ),
      last: connection.prepare<[], { seq: number }>(
        "SELECT seq + count - 1 AS seq FROM events ORDER BY seq DESC LIMIT 1",
      ),
    };
  }

  /** Stores a step's events, whose JSON texts are `events`, the first of them with `seq`. */
  add(seq: number, events: readonly string[]): string {
    const text = events.join("\n");
    this.statements.add.run(seq, events.length, text);
    return text;
  }

  /** The stored event with `seq`, if the journal holds it. */
  event(seq: number): string | undefined {
    const row = this.statements.holding.get(seq);
    if (row === undefined || seq >= row.seq + row.count) return undefined;
    return nth(row, seq - row.seq);
  }

  /** Events from seq `after` + 1, at most `limit` of them (or what is left). */
  after(after: number, limit: number): StoredEvent[] {
    if (limit <= 0) return [];
    const first = this.statements.holding.get(after + 1);
    const start =
      first !== undefined && after + 1 < first.seq + first.count ? first.seq : after + 1;
    const events: StoredEvent[] = [];
    // Every row holds at least one event: `limit` rows hold enough, and fewer often do.
    for (const row of this.statements.from.iterate(start, limit)) {
      for (const stored of expand(row)) if (stored.seq > after) events.push(stored);
      if (events.length >= limit) break;
    }
    return events.slice(0, limit);
  }

  /** The last `limit` events with seq ≤ `upTo`, oldest first. */
  upTo(upTo: number, limit: number): StoredEvent[] {
    if (limit <= 0) return [];
    const rows: Row[] = [];
    let events = 0;
    // Newest first, until the rows hold enough.
    for (const row of this.statements.upTo.iterate(upTo, limit)) {
      rows.push(row);
      events += Math.min(row.count, upTo - row.seq + 1);
      if (events >= limit) break;
    }
    return rows
      .reverse()
      .flatMap(expand)
      .filter((stored) => stored.seq <= upTo)
      .slice(-limit);
  }

  /** Every event, oldest first. */
  *events(): Generator<StoredEvent> {
    for (const row of this.statements.all.iterate()) yield* expand(row);
  }

  /** The seq of the last event stored, 0 if none. */
  lastSeq(): number {
    return this.statements.last.get()?.seq ?? 0;
  }
}
