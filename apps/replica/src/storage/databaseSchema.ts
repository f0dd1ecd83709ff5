/**
 * The replica's tables. State is kept per row so a step writes only what it touched: one store row
 * per key, one buffer row per waiting write, one outbox row per own write not yet acknowledged by
 * every peer, one row per journal event. `meta` holds identity, epoch and the core's counters.
 * `applied_writes` finds the journal event that applied a write, so that a later copy of it can be
 * compared with what was applied (a database from before it simply has no rows to compare with).
 */
export const schemaVersion = 3;

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
  event TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS applied_writes (
  write_id TEXT PRIMARY KEY,
  event_seq INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
`;
