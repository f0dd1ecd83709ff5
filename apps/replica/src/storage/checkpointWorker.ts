/**
 * Runs in a worker thread: copies the WAL into the database file (PASSIVE checkpoints, which never
 * wait for the replica's writes) on its own connection, so the replica's event loop never stalls on
 * a checkpoint's writes and fsyncs.
 */
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { z } from "zod";

const { path, intervalMs } = z
  .object({ path: z.string(), intervalMs: z.number().positive() })
  .parse(workerData);
const db = new Database(path);
db.pragma("busy_timeout = 100");
const timer = setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // Busy or closing: the next round checkpoints what this one could not.
  }
}, intervalMs);

parentPort?.on("message", () => {
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
