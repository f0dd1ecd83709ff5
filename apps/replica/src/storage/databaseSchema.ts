/**
 * The replica's tables. State is kept per row so a step writes only what it touched: one store row
 * per key, one buffer row per waiting write, one outbox row per commit of own writes (a JSON array,
 * keyed by its last write's seq) until every peer has acknowledged all of them, one journal row per
 * step (its events, `count` of them from `seq` on: journalRows.ts).
 * `meta` holds identity, epoch and the core's counters. A later copy of a write is compared with
 * the event that applied it, found through a map the replica keeps in memory (appliedWrites.ts).
 * Schemas 4 and 5 named those writes in the event rows, first with an index and then without;
 * schema 6 stores a step's events in one row, and the map reads the writes off the events.
 * Schema 7 stores the outbox a row per commit, where it had a row per write.
 */
export const schemaVersion = 7;

export const databaseSchema = `
CREATE TABLE IF NOT EXISTS meta (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS store (
  key TEXT PRIMARY KEY,
  siblings TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS buffer (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  write_id TEXT NOT NULL UNIQUE,
  entry TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS outbox (
  seq INTEGER PRIMARY KEY,
  message TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS acknowledged (
  peer TEXT PRIMARY KEY,
  count INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS links (
  peer TEXT PRIMARY KEY,
  settings TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY,
  event TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 1
) STRICT;
`;
