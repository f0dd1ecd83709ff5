/**
 * Runs in a worker thread: copies the WAL into the database file (PASSIVE checkpoints, which never
 * wait for the replica's writes) on its own connection, so the replica's event loop never stalls on
 * a checkpoint's writes and fsyncs. Under steady writes a passive checkpoint may never catch up, and
 * the WAL would only grow: once its file passes `walLimitBytes`, the round is a RESTART checkpoint,
 * which waits (briefly) for the writer so that the next write starts the WAL over, and SQLite cuts
 * the file back to journal_size_limit. So the data directory stays bounded.
 */
import { statSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { z } from "zod";

const { path, intervalMs, walLimitBytes } = z
  .object({ path: z.string(), intervalMs: z.number().positive(), walLimitBytes: z.number() })
  .parse(workerData);
const db = new Database(path);
db.pragma("busy_timeout = 100");
const timer = setInterval(() => {
  try {
    const mode = walBytes() > walLimitBytes ? "RESTART" : "PASSIVE";
    db.pragma(`wal_checkpoint(${mode})`);
  } catch {
    // Busy or closing: the next round checkpoints what this one could not.
  }
}, intervalMs);

parentPort?.on("message", () => {
  clearInterval(timer);
  db.close();
  parentPort?.close();
});

function walBytes(): number {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
}
