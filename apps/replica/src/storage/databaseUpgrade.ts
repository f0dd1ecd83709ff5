/**
 * Brings a database written by an older replica up to the schema this one reads, in one
 * transaction, or says it cannot. Schema 2: journal events from before duplicates said which copy
 * they discarded get the field, worked out exactly as the protocol reads older journals. Schema 3:
 * journal events name values by digest; the whole values older events carried are digested.
 * Schema 4: the write an event applied is named in the event's row, no longer in `applied_writes`.
 * Schema 5: those names lose their index (the replica finds them through memory). Schema 6: a row
 * holds a step's events and says how many; each older row holds one, and the names go (the
 * replica reads the writes off the events). Schema 7: an outbox row holds an array of writes (a
 * commit's); each older row, one write, becomes an array of one.
 */
import { discardedCopyAfter, withDigestedValues } from "@causal-kv/protocol";
import type Database from "better-sqlite3";
import { schemaVersion } from "./databaseSchema.js";

const upgrades: Readonly<Record<string, (connection: Database.Database) => void>> = {
  "1": sayWhichCopyDuplicatesDiscarded,
  "2": digestJournaledValues,
  "3": nameAppliedWritesInEvents,
  "4": (connection) => connection.exec("DROP INDEX IF EXISTS events_by_write"),
  "5": countEventsPerRow,
  "6": (connection) => connection.exec("UPDATE outbox SET message = '[' || message || ']'"),
};

/** Upgrades from schema `found` step by step; false if some step is unknown (nothing changed). */
export function upgradeDatabase(connection: Database.Database, found: string): boolean {
  const steps: ((connection: Database.Database) => void)[] = [];
  for (let version = Number(found); version < schemaVersion; version++) {
    const step = upgrades[String(version)];
    if (step === undefined) return false;
    steps.push(step);
  }
  if (steps.length === 0) return false;
  connection.transaction(() => {
    for (const step of steps) step(connection);
    connection
      .prepare("UPDATE meta SET value = ? WHERE name = 'schemaVersion'")
      .run(String(schemaVersion));
  })();
  return true;
}

function sayWhichCopyDuplicatesDiscarded(connection: Database.Database): void {
  const duplicates = connection
    .prepare<[], { seq: number; event: string }>(
      `SELECT seq, event FROM events WHERE event LIKE '%"type":"duplicate"%' ORDER BY seq`,
    )
    .all();
  const previous = connection.prepare<[number], { event: string }>(
    "SELECT event FROM events WHERE seq = ?",
  );
  const update = connection.prepare<[string, number]>("UPDATE events SET event = ? WHERE seq = ?");
  for (const row of duplicates) {
    const event = JSON.parse(row.event) as Record<string, unknown>;
    if (event.type !== "duplicate" || event.discarded !== undefined) continue;
    const before = previous.get(row.seq - 1);
    const discarded = discardedCopyAfter(before && JSON.parse(before.event), event);
    update.run(JSON.stringify({ ...event, discarded }), row.seq);
  }
}

/** Rewrites each event that carries a whole value, a page at a time (journals could be large). */
function digestJournaledValues(connection: Database.Database): void {
  const page = connection.prepare<[number], { seq: number; event: string }>(
    "SELECT seq, event FROM events WHERE seq > ? ORDER BY seq LIMIT 500",
  );
  const update = connection.prepare<[string, number]>("UPDATE events SET event = ? WHERE seq = ?");
  let after = 0;
  for (let rows = page.all(after); rows.length > 0; rows = page.all(after)) {
    for (const row of rows) {
      const event: unknown = JSON.parse(row.event);
      const digested = withDigestedValues(event);
      if (digested !== event) update.run(JSON.stringify(digested), row.seq);
      after = row.seq;
    }
  }
}

/**
 * Moves each `applied_writes` row into the `write_id` of the event it points at, then drops the
 * table. A database from before the table has none: its events name no writes, as before.
 */
function nameAppliedWritesInEvents(connection: Database.Database): void {
  const columns = connection.prepare<[], { name: string }>("PRAGMA table_info(events)").all();
  if (!columns.some((column) => column.name === "write_id")) {
    connection.exec("ALTER TABLE events ADD COLUMN write_id TEXT");
  }
  const table = connection
    .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'applied_writes'")
    .get();
  if (table === undefined) return;
  connection.exec(
    "UPDATE events SET write_id = applied_writes.write_id FROM applied_writes WHERE applied_writes.event_seq = events.seq; DROP TABLE applied_writes;",
  );
}

function countEventsPerRow(connection: Database.Database): void {
  const columns = connection
    .prepare<[], { name: string }>("PRAGMA table_info(events)")
    .all()
    .map((column) => column.name);
  if (!columns.includes("count")) {
    connection.exec("ALTER TABLE events ADD COLUMN count INTEGER NOT NULL DEFAULT 1");
  }
  if (columns.includes("write_id")) connection.exec("ALTER TABLE events DROP COLUMN write_id");
}
