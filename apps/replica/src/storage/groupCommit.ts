/**
 * Group commit: every step runs at once, in its own savepoint of one open transaction, and the
 * transaction commits once per event-loop turn. A step's promise resolves only after that commit
 * is durable, so a 200 (or an acknowledgement to a peer) always follows it, while one commit and
 * one disk sync serve all the steps of the turn. With a WalSync the sync runs off the event loop.
 * At most two syncs are in flight: the next turn commits and starts its own sync at once, so a
 * step waits for about one sync, not for the one in flight and then its own; beyond two, the open
 * transaction keeps taking steps and commits when a sync ends, so the busier the replica, the more
 * steps each sync covers and the fewer syncs it pays for.
 */
import type Database from "better-sqlite3";
import { ApiError } from "../apiError.js";
import type { WalSync } from "./walSync.js";

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

const maxSyncsInFlight = 2;

export class GroupCommit {
  /** Steps in the open transaction. */
  private waiters: Waiter[] = [];
  /** Committed steps, one group per sync in flight, oldest first. */
  private syncing: Waiter[][] = [];
  private readonly inSavepoint: (step: () => unknown) => unknown;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    /** Called when a commit fails: memory holds steps the disk does not, so it must reload. */
    private readonly onCommitFailed: (error: unknown) => void,
    /** Makes commits durable; without it a commit is acknowledged as soon as SQLite returns. */
    private readonly walSync?: WalSync,
    /**
     * Called after a failed sync has been reported to its waiters. Nothing after it can be trusted
     * (the kernel may have dropped the pages it could not write, and a later sync would succeed
     * without them), so the owner stops the process and the restart recovers from disk.
     */
    private readonly onSyncFailed: (error: unknown) => void = () => {},
    /** Runs inside the transaction just before each commit: rows the steps left to write once. */
    private readonly beforeCommit: () => void = () => {},
  ) {
    this.inSavepoint = db.transaction((step: () => unknown) => step());
    this.begin = db.prepare("BEGIN");
    this.commit = db.prepare("COMMIT");
    this.rollback = db.prepare("ROLLBACK");
  }

  /**
   * Runs `step` now; resolves with its result once it is committed. If the step throws, its own
   * writes are rolled back (the other steps of the turn are kept) and the promise rejects.
   */
  run<T>(step: () => T): Promise<T> {
    if (!this.db.inTransaction) {
      this.begin.run();
      setImmediate(() => {
        if (this.syncing.length < maxSyncsInFlight) this.commitOpen();
      });
    }
    let result: T;
    try {
      result = this.inSavepoint(step) as T;
    } catch (error) {
      // Some failures (a full disk, an I/O error) make SQLite roll back the whole transaction,
      // not just the step's savepoint: the steps before it in this turn are gone too, and must
      // not be answered as committed by the next commit.
      if (!this.db.inTransaction) this.rejectOpen(error);
      return Promise.reject(error);
    }
    return new Promise<T>((resolve, reject) => {
      this.waiters.push({ resolve: () => resolve(result), reject });
    });
  }

  /** Resolves once everything run so far is committed and durable. */
  settled(): Promise<void> {
    const queue = this.db.inTransaction ? this.waiters : this.syncing.at(-1);
    if (queue === undefined) return Promise.resolve();
    return new Promise((resolve, reject) => queue.push({ resolve, reject }));
  }

  /** Commits and syncs now, blocking (used at shutdown). */
  flush(): void {
    if (!this.db.open) return;
    const syncing = this.syncing.flat();
    this.syncing = [];
    const waiters = this.db.inTransaction ? this.commitOrReject() : [];
    if (waiters === undefined) return;
    try {
      this.walSync?.syncNow();
    } catch (error) {
      this.notDurable([...syncing, ...waiters], error);
      return;
    }
    for (const waiter of [...syncing, ...waiters]) waiter.resolve();
  }

  private commitOpen(): void {
    if (!this.db.open || !this.db.inTransaction) return;
    const waiters = this.commitOrReject();
    if (waiters === undefined) return;
    if (this.walSync === undefined) {
      for (const waiter of waiters) waiter.resolve();
      return;
    }
    const group = waiters;
    this.syncing.push(group);
    this.walSync.sync().then(
      () => this.syncEnded(group, undefined),
      (error: unknown) => this.syncEnded(group, error),
    );
  }

  /**
   * A sync ended: its group, and every older group still waiting, is as durable as it (a sync
   * covers everything written before it began). flush() may have taken the group over already.
   */
  private syncEnded(group: Waiter[], error: unknown): void {
    const index = this.syncing.indexOf(group);
    if (index === -1) return;
    const done = this.syncing.splice(0, index + 1).flat();
    if (error === undefined) for (const waiter of done) waiter.resolve();
    else this.notDurable(done, error);
    if (this.syncing.length < maxSyncsInFlight) this.commitOpen();
  }

  /** Commits the open transaction; returns its waiters, or rejects them and returns undefined. */
  private commitOrReject(): Waiter[] | undefined {
    const waiters = this.waiters;
    this.waiters = [];
    try {
      this.beforeCommit();
      this.commit.run();
      return waiters;
    } catch (error) {
      try {
        if (this.db.inTransaction) this.rollback.run();
      } finally {
        this.onCommitFailed(error);
        for (const waiter of waiters) waiter.reject(new ApiError("storage-failed"));
      }
      return undefined;
    }
  }

  /** The open transaction was rolled back whole: its steps are not stored, and memory must reload. */
  private rejectOpen(error: unknown): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) {
      waiter.reject(Object.assign(new ApiError("storage-failed"), { cause: error }));
    }
  }

  /** The commit is in SQLite but the disk did not confirm it: its fate after a crash is unknown. */
  private notDurable(waiters: readonly Waiter[], error: unknown): void {
    for (const waiter of waiters) {
      waiter.reject(Object.assign(new ApiError("storage-sync-failed"), { cause: error }));
    }
    this.onSyncFailed(error);
  }
}
