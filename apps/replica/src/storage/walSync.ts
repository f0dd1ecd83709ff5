/**
 * Syncs the SQLite WAL file to disk on libuv's thread pool. The connection runs with
 * `synchronous = NORMAL`, so a commit writes its WAL frames without an fsync; an fdatasync of the
 * WAL started after that commit makes it exactly as durable as `synchronous = FULL` would have,
 * but the event loop goes on serving requests while the disk works.
 */
import { closeSync, fdatasync, fdatasyncSync, fsyncSync, openSync } from "node:fs";
import { dirname } from "node:path";

export class WalSync {
  private readonly fd: number;
  private inFlight = 0;
  private closing = false;

  /** `walPath` must exist: open it after the connection has entered WAL mode. */
  constructor(walPath: string) {
    this.fd = openSync(walPath, "r");
    // SQLite syncs the directory once after creating a WAL file at FULL; so do we.
    const directory = openSync(dirname(walPath), "r");
    try {
      fsyncSync(directory);
    } finally {
      closeSync(directory);
    }
  }

  /** Resolves once everything written to the WAL before this call is on disk. */
  sync(): Promise<void> {
    this.inFlight++;
    return new Promise((resolve, reject) => {
      fdatasync(this.fd, (error) => {
        this.inFlight--;
        if (this.closing && this.inFlight === 0) closeSync(this.fd);
        if (error) reject(error);
        else resolve();
      });
    });
  }

  /** The same, blocking; for shutdown. */
  syncNow(): void {
    fdatasyncSync(this.fd);
  }

  /** Closes the file once no sync is using it. */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    if (this.inFlight === 0) closeSync(this.fd);
  }
}
