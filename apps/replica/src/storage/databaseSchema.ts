/**
 * The replica's tables. State is kept per row so a step writes only what it touched: one store row
 * per key, one buffer row per waiting write, one outbox row per own write not yet acknowledged by
 * every peer, one row per journal event. `meta` holds identity, epoch and the core's counters.
 * An event that applied a write names it in `write_id`, so that a later copy of the write can be
 * compared with what was applied (a database from before schema 3 has no names to compare with);
 * the replica finds the event through a map it keeps in memory (appliedWrites.ts). Journal
 * compaction deletes the oldest events, names and all. Schema 4 moved those names from a table of
 * their own into the events, and schema 5 dropped their index: each took a B-tree off every write.
 */
export const schemaVersion = 5;

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
  write_id TEXT
) STRICT;
`;
