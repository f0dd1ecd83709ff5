/**
 * Group commit: every step runs at once, in its own savepoint of one open transaction, and the
 * transaction commits once per event-loop turn. A step's promise resolves only after that commit,
 * so a 200 (or an acknowledgement to a peer) always follows a durable commit, while one fsync
 * serves all the steps of the turn.
 */
import type Database from "better-sqlite3";
import { ApiError } from "../apiError.js";

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommit {
  private waiters: Waiter[] = [];
  private readonly inSavepoint: (step: () => unknown) => unknown;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    /** Called when a commit fails: memory holds steps the disk does not, so it must reload. */
    private readonly onCommitFailed: (error: unknown) => void,
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
      setImmediate(() => this.flush());
    }
    let result: T;
    try {
      result = this.inSavepoint(step) as T;
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<T>((resolve, reject) => {
      this.waiters.push({ resolve: () => resolve(result), reject });
    });
  }

  /** Resolves once everything run so far is committed. */
  settled(): Promise<void> {
    if (!this.db.inTransaction) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Commits now (used at shutdown). */
  flush(): void {
    if (!this.db.open || !this.db.inTransaction) return;
    const waiters = this.waiters;
    this.waiters = [];
    try {
      this.commit.run();
    } catch (error) {
      try {
        if (this.db.inTransaction) this.rollback.run();
      } finally {
        this.onCommitFailed(error);
        for (const waiter of waiters) waiter.reject(new ApiError("storage-failed"));
      }
      return;
    }
    for (const waiter of waiters) waiter.resolve();
  }
}
