/**
 * GroupCommit on a real SQLite file: what a step's promise promises (committed, and synced when a
 * WalSync is given), how steps share commits and syncs, and what happens when a step, a commit or
 * a sync fails. A second connection plays the part of "what a restart would read".
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { GroupCommit } from "./groupCommit.js";
import { WalSync } from "./walSync.js";

const dirs: string[] = [];
const opened: Database.Database[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openDatabase(): { db: Database.Database; path: string } {
  const dir = mkdtempSync(join(tmpdir(), "causal-kv-commit-"));
  dirs.push(dir);
  const path = join(dir, "test.sqlite");
  const db = new Database(path);
  opened.push(db);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec("CREATE TABLE rows (n INTEGER PRIMARY KEY)");
  return { db, path };
}

/** What another connection (a restarted replica) reads. */
function committedRows(path: string): number[] {
  const reader = new Database(path, { readonly: true });
  try {
    return reader
      .prepare<[], { n: number }>("SELECT n FROM rows ORDER BY n")
      .all()
      .map((row) => row.n);
  } finally {
    reader.close();
  }
}

/** A real WAL sync whose syncs wait for `open()` and can be made to fail; it counts them. */
class GatedWalSync extends WalSync {
  syncs = 0;
  failNext = false;
  private gates: (() => void)[] = [];

  override async sync(): Promise<void> {
    this.syncs++;
    const fail = this.failNext;
    this.failNext = false;
    await new Promise<void>((resolve) => this.gates.push(resolve));
    if (fail) throw new Error("EIO: i/o error, fdatasync");
    return super.sync();
  }

  /** Lets the syncs waiting so far go on. */
  open(): void {
    for (const gate of this.gates.splice(0)) gate();
  }

  /** Lets only the latest sync go on. */
  openNewest(): void {
    this.gates.pop()?.();
  }

  get waiting(): number {
    return this.gates.length;
  }
}

const insert = (db: Database.Database, n: number) => () =>
  db.prepare("INSERT INTO rows (n) VALUES (?)").run(n);

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("GroupCommit without a WAL sync", () => {
  it("resolves each step with its result once it is committed, one commit per turn", async () => {
    const { db, path } = openDatabase();
    const commit = new GroupCommit(db, () => {});
    const first = commit.run(() => {
      insert(db, 1)();
      return "one";
    });
    const second = commit.run(insert(db, 2));
    expect(db.inTransaction).toBe(true);
    expect(committedRows(path)).toEqual([]);
    expect(await first).toBe("one");
    await second;
    expect(db.inTransaction).toBe(false);
    expect(committedRows(path)).toEqual([1, 2]);
  });

  it("rolls back only the step that throws", async () => {
    const { db, path } = openDatabase();
    const commit = new GroupCommit(db, () => {});
    const kept = commit.run(insert(db, 1));
    const failed = commit.run(() => {
      insert(db, 2)();
      throw new Error("step failed");
    });
    await expect(failed).rejects.toThrow("step failed");
    await kept;
    expect(committedRows(path)).toEqual([1]);
  });

  it("rejects the steps before one whose failure rolled back the whole transaction", async () => {
    const { db, path } = openDatabase();
    const commit = new GroupCommit(db, () => {});
    const lost = commit.run(insert(db, 1));
    // As SQLite does on a full disk or an I/O error: the transaction is gone, not just the step.
    const failed = commit.run(() => {
      insert(db, 2)();
      db.prepare("ROLLBACK").run();
      throw new Error("disk full");
    });
    await expect(failed).rejects.toThrow("disk full");
    await expect(lost).rejects.toMatchObject({ code: "storage-failed" });
    // The next turn commits only its own step.
    await commit.run(insert(db, 3));
    expect(committedRows(path)).toEqual([3]);
  });

  it("rejects every step of a turn whose commit fails, and says so", async () => {
    const { db, path } = openDatabase();
    db.exec("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
    db.exec(
      "CREATE TABLE child (parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)",
    );
    db.pragma("foreign_keys = ON");
    const failures: unknown[] = [];
    const commit = new GroupCommit(db, (error) => failures.push(error));
    const row = commit.run(insert(db, 1));
    const orphan = commit.run(() => db.prepare("INSERT INTO child (parent) VALUES (7)").run());
    await expect(row).rejects.toMatchObject({ code: "storage-failed" });
    await expect(orphan).rejects.toMatchObject({ code: "storage-failed" });
    expect(failures).toHaveLength(1);
    expect(db.inTransaction).toBe(false);
    expect(committedRows(path)).toEqual([]);
  });
});

describe("GroupCommit's rows written once per commit", () => {
  it("writes them inside each commit, after every step of the turn", async () => {
    const { db, path } = openDatabase();
    let steps = 0;
    const written: number[] = [];
    const commit = new GroupCommit(
      db,
      () => {},
      undefined,
      undefined,
      () => {
        expect(db.inTransaction).toBe(true);
        written.push(steps);
        insert(db, 100 + steps)();
      },
    );
    const step = (n: number) => () => {
      insert(db, n)();
      steps++;
    };
    await Promise.all([1, 2, 3].map((n) => commit.run(step(n))));
    await commit.run(step(4));
    expect(written).toEqual([3, 4]);
    expect(committedRows(path)).toEqual([1, 2, 3, 4, 103, 104]);
  });

  it("rejects the whole turn, and commits none of it, when writing them fails", async () => {
    const { db, path } = openDatabase();
    const failures: unknown[] = [];
    const commit = new GroupCommit(
      db,
      (error) => failures.push(error),
      undefined,
      undefined,
      () => {
        throw new Error("disk full");
      },
    );
    const steps = [commit.run(insert(db, 1)), commit.run(insert(db, 2))];
    for (const step of steps) await expect(step).rejects.toMatchObject({ code: "storage-failed" });
    expect(failures).toHaveLength(1);
    expect(db.inTransaction).toBe(false);
    expect(committedRows(path)).toEqual([]);
  });
});

describe("GroupCommit with a WAL sync", () => {
  it("acknowledges a step only after a sync that began after its commit", async () => {
    const { db, path } = openDatabase();
    const walSync = new GatedWalSync(`${path}-wal`);
    const commit = new GroupCommit(db, () => {}, walSync);
    let done = false;
    const step = commit.run(insert(db, 1)).then(() => {
      done = true;
    });
    await turn();
    expect(committedRows(path)).toEqual([1]);
    expect(walSync.syncs).toBe(1);
    await turn();
    expect(done).toBe(false);
    walSync.open();
    await step;
    expect(done).toBe(true);
  });

  it("keeps two syncs in flight; later steps wait in one transaction, then share a sync", async () => {
    const { db, path } = openDatabase();
    const walSync = new GatedWalSync(`${path}-wal`);
    const commit = new GroupCommit(db, () => {}, walSync);
    const first = commit.run(insert(db, 1));
    await turn();
    const second = commit.run(insert(db, 2));
    await turn();
    expect(walSync.syncs).toBe(2);
    const later = [commit.run(insert(db, 3))];
    await turn();
    later.push(commit.run(insert(db, 4)));
    await turn();
    // Two syncs are in flight: the open transaction waits for one of them to end.
    expect(walSync.syncs).toBe(2);
    expect(committedRows(path)).toEqual([1, 2]);
    walSync.open();
    await Promise.all([first, second]);
    await turn();
    expect(committedRows(path)).toEqual([1, 2, 3, 4]);
    expect(walSync.syncs).toBe(3);
    expect(walSync.waiting).toBe(1);
    walSync.open();
    await Promise.all(later);
    expect(db.inTransaction).toBe(false);
  });

  it("lets a newer sync that ends first answer the older steps too", async () => {
    const { db, path } = openDatabase();
    const walSync = new GatedWalSync(`${path}-wal`);
    const commit = new GroupCommit(db, () => {}, walSync);
    const answered: number[] = [];
    void commit.run(insert(db, 1)).then(() => answered.push(1));
    await turn();
    void commit.run(insert(db, 2)).then(() => answered.push(2));
    await turn();
    walSync.openNewest();
    // Only the newer sync ends: the older step is answered by it or never (the test times out).
    while (answered.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(answered).toEqual([1, 2]);
    walSync.open();
  });

  it("settles only once the sync in flight ends", async () => {
    const { db, path } = openDatabase();
    const walSync = new GatedWalSync(`${path}-wal`);
    const commit = new GroupCommit(db, () => {}, walSync);
    void commit.run(insert(db, 1));
    await turn();
    expect(db.inTransaction).toBe(false);
    let settled = false;
    const waiting = commit.settled().then(() => {
      settled = true;
    });
    await turn();
    expect(settled).toBe(false);
    walSync.open();
    await waiting;
    expect(settled).toBe(true);
    await expect(commit.settled()).resolves.toBeUndefined();
  });

  it("answers a failed sync with an error that says the outcome is unknown, then goes on", async () => {
    const { db, path } = openDatabase();
    const walSync = new GatedWalSync(`${path}-wal`);
    const commit = new GroupCommit(db, () => {}, walSync);
    walSync.failNext = true;
    const unsure = commit.run(insert(db, 1));
    await turn();
    walSync.open();
    const error = await unsure.catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "storage-sync-failed", status: 500 });
    expect((error as Error).message).toMatch(/unknown/);
    expect((error as Error).cause).toEqual(new Error("EIO: i/o error, fdatasync"));
    const next = commit.run(insert(db, 2));
    await turn();
    walSync.open();
    await next;
    expect(committedRows(path)).toEqual([1, 2]);
  });

  it("flush commits and syncs everything at once, resolving the waiting steps", async () => {
    const { db, path } = openDatabase();
    const walSync = new GatedWalSync(`${path}-wal`);
    const commit = new GroupCommit(db, () => {}, walSync);
    const inSync = commit.run(insert(db, 1));
    await turn();
    const open = commit.run(insert(db, 2));
    commit.flush();
    await Promise.all([inSync, open]);
    expect(committedRows(path)).toEqual([1, 2]);
    expect(db.inTransaction).toBe(false);
    // The sync flush took over ends later and must not disturb anything.
    walSync.open();
    await turn();
    await expect(commit.settled()).resolves.toBeUndefined();
  });
});

describe("WalSync", () => {
  it("syncs the WAL of a real database, and closes only after the syncs in flight", async () => {
    const { db, path } = openDatabase();
    const walSync = new WalSync(`${path}-wal`);
    db.prepare("INSERT INTO rows (n) VALUES (1)").run();
    const syncs = [walSync.sync(), walSync.sync()];
    walSync.close();
    await expect(Promise.all(syncs)).resolves.toEqual([undefined, undefined]);
  });

  it("refuses a database that is not in WAL mode", () => {
    const dir = mkdtempSync(join(tmpdir(), "causal-kv-commit-"));
    dirs.push(dir);
    expect(() => new WalSync(join(dir, "missing.sqlite-wal"))).toThrow(/ENOENT/);
  });
});
