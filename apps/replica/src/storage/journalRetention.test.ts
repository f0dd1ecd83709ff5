/**
 * Journal compaction is spread over steps: once over budget, each step deletes a slice of the
 * oldest events (never fewer than it added, so the journal only shrinks meanwhile) until the
 * journal is back to 90 % of its budget, and the writes those events applied are no longer found.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ReplicaDatabase } from "./replicaDatabase.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(maxEvents: number): ReplicaDatabase {
  const dir = mkdtempSync(join(tmpdir(), "causal-kv-journal-"));
  dirs.push(dir);
  return ReplicaDatabase.open(dir, "NORMAL", { maxEvents, maxBytes: 1024 * 1024 * 1024 });
}

/** Adds events `from`..`to` (each applying node1's write of that number), one step each. */
function addEvents(db: ReplicaDatabase, from: number, to: number): void {
  db.connection.transaction(() => {
    for (let seq = from; seq <= to; seq++) {
      const message = { origin: "node1", clock: { node1: seq } };
      db.addEvents(seq, [JSON.stringify({ seq, type: "write", message })], [[`node1:${seq}`, seq]]);
    }
  })();
}

const stored = (db: ReplicaDatabase) => db.eventsAfter(0, 1_000_000).length;

describe("journal compaction", () => {
  it("deletes a slice per step until the journal is back to 90 % of its budget", () => {
    const db = open(10_000);
    addEvents(db, 1, 10_000);
    db.journal.compact();
    expect(db.journal.start).toBe(1);
    addEvents(db, 10_001, 10_001);
    const sizes: number[] = [];
    for (let step = 0; step < 6; step++) {
      db.journal.compact();
      sizes.push(stored(db));
    }
    expect(sizes).toEqual([9_501, 9_001, 9_000, 9_000, 9_000, 9_000]);
    expect(db.journal.start).toBe(1_002);
    expect(db.eventsAfter(0, 1)[0]?.seq).toBe(1_002);
    expect(db.appliedEvent("node1:1001")).toBeUndefined();
    expect(db.appliedEvent("node1:1002")).toBeDefined();
    db.close();
  });

  it("deletes at least what each step added while compacting, so the journal never grows", () => {
    const db = open(10_000);
    addEvents(db, 1, 10_000);
    db.journal.compact();
    addEvents(db, 10_001, 10_001);
    db.journal.compact();
    expect(stored(db)).toBe(9_501);
    // A big step (a full peer batch journals two events per write) adds more than a slice.
    addEvents(db, 10_002, 11_201);
    db.journal.compact();
    expect(stored(db)).toBe(9_501);
    db.journal.compact();
    expect(stored(db)).toBe(9_001);
    db.close();
  });

  it("measures the journal again from its rows after a rollback undid a compaction", () => {
    const db = open(10_000);
    addEvents(db, 1, 10_000);
    db.journal.compact();
    addEvents(db, 10_001, 10_001);
    expect(() =>
      db.connection.transaction(() => {
        db.journal.compact();
        expect(db.journal.start).toBe(501);
        throw new Error("the step failed");
      })(),
    ).toThrow("the step failed");
    expect(stored(db)).toBe(10_001);
    db.reloadJournal();
    expect(db.journal.start).toBe(1);
    expect(db.appliedEvent("node1:1")).toBeDefined();
    const sizes: number[] = [];
    for (let step = 0; step < 3; step++) {
      db.journal.compact();
      sizes.push(stored(db));
    }
    expect(sizes).toEqual([9_501, 9_001, 9_000]);
    db.close();
  });

  it("does nothing under budget", () => {
    const db = open(10_000);
    addEvents(db, 1, 10_000);
    for (let step = 0; step < 3; step++) db.journal.compact();
    expect(stored(db)).toBe(10_000);
    expect(db.journal.start).toBe(1);
    db.close();
  });
});
