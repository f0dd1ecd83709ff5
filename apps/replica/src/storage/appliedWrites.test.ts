/**
 * The map from a write to the retained event that applied it answers as the stored events do:
 * after a reopen, after compaction (and holds no more entries than the journal), after a rollback
 * that gave a seq to another event, and after a reset.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AppliedWrites } from "./appliedWrites.js";
import { JournalRows } from "./journalRows.js";
import { ReplicaDatabase } from "./replicaDatabase.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "causal-kv-applied-"));
  dirs.push(dir);
  return dir;
}

/** The event with `seq`: odd ones deliver `origin`'s write number `seq`, even ones apply nothing. */
function event(seq: number, origin = "node1"): string {
  return seq % 2 === 1
    ? JSON.stringify({ seq, type: "deliver", message: { origin, clock: { [origin]: seq } } })
    : JSON.stringify({ seq, type: "send", message: { origin, clock: { [origin]: seq } } });
}

/** Adds events `from`..`to` in one transaction, three to a step (so three to a row). */
function addEvents(db: ReplicaDatabase, from: number, to: number): void {
  db.connection.transaction(() => {
    for (let seq = from; seq <= to; seq += 3) {
      const seqs = Array.from({ length: Math.min(3, to - seq + 1) }, (_, i) => seq + i);
      db.addEvents(
        seq,
        seqs.map((at) => event(at)),
        seqs.filter((at) => at % 2 === 1).map((at) => [`node1:${at}`, at] as const),
      );
    }
  })();
}

describe("the writes the journal's events applied", () => {
  it("are found after the database is opened again, read off the stored events", () => {
    const dir = tempDir();
    let db = ReplicaDatabase.open(dir, "NORMAL");
    addEvents(db, 1, 9);
    db.close();
    db = ReplicaDatabase.open(dir, "NORMAL");
    expect(db.appliedEvent("node1:7")).toBe(event(7));
    expect(db.appliedEvent("node1:8")).toBeUndefined();
    expect(db.appliedEvent("node2:7")).toBeUndefined();
    db.close();
  });

  it("are forgotten with the events compaction deletes, and the map holds only what is left", () => {
    const db = ReplicaDatabase.open(tempDir(), "NORMAL", {
      maxEvents: 1_000,
      maxBytes: 1024 * 1024 * 1024,
    });
    addEvents(db, 1, 1_001);
    while (db.journal.start === 1) db.journal.compact();
    const start = db.journal.start;
    expect(start).toBeGreaterThan(100);
    const firstKept = start % 2 === 1 ? start : start + 1;
    expect(db.appliedEvent(`node1:${firstKept - 2}`)).toBeUndefined();
    expect(db.appliedEvent(`node1:${firstKept}`)).toBe(event(firstKept));
    // A map of its own over the same rows agrees with the one compaction trimmed.
    const fresh = new AppliedWrites(new JournalRows(db.connection));
    expect(fresh.size).toBe(Math.ceil((1_001 - firstKept + 1) / 2));
    db.close();
  });

  it("never answer with another write's event after a rollback gave its seq away, and reload to the rows", () => {
    const db = ReplicaDatabase.open(tempDir(), "NORMAL");
    addEvents(db, 1, 3);
    // A step that delivered node1:5 at seq 5, then failed: its row is rolled back.
    expect(() =>
      db.connection.transaction(() => {
        db.addEvents(4, [event(4), event(5)], [["node1:5", 5]]);
        throw new Error("the step failed");
      })(),
    ).toThrow("the step failed");
    // Memory still names seq 5 for node1:5, and seq 5 now holds node2's write.
    db.connection.transaction(() => {
      db.addEvents(4, [event(4), event(5, "node2")], [["node2:5", 5]]);
    })();
    expect(db.appliedEvent("node1:5")).toBeUndefined();
    expect(db.appliedEvent("node2:5")).toBe(event(5, "node2"));
    db.reloadJournal();
    expect(db.appliedEvent("node1:3")).toBe(event(3));
    // What a rebuild keeps: only what the stored events name.
    const applied = new AppliedWrites(new JournalRows(db.connection));
    applied.added("node1:5", 5);
    expect(applied.size).toBe(4);
    applied.rebuild();
    expect(applied.size).toBe(3);
    db.close();
  });

  it("are all forgotten by a reset", () => {
    const db = ReplicaDatabase.open(tempDir(), "NORMAL");
    addEvents(db, 1, 5);
    db.connection.transaction(() => db.clear())();
    expect(db.appliedEvent("node1:1")).toBeUndefined();
    addEvents(db, 1, 1);
    expect(db.appliedEvent("node1:1")).toBe(event(1));
    db.close();
  });
});
