/**
 * A step's events share a row, and read back one by one exactly as a row per event would give
 * them: from any seq on (inside a row or not), the last ones up to any seq, each one by its seq,
 * the last seq. Checked against the flat list of events for random steps and random questions.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { JournalRows } from "./journalRows.js";
import { ReplicaDatabase } from "./replicaDatabase.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(): ReplicaDatabase {
  const dir = mkdtempSync(join(tmpdir(), "causal-kv-rows-"));
  dirs.push(dir);
  return ReplicaDatabase.open(dir, "NORMAL");
}

// Text with a newline escaped inside it, as JSON.stringify writes one.
const event = (seq: number) => JSON.stringify({ seq, type: "send", note: `line\nbreak ${seq}` });

describe("the journal's rows", () => {
  it("give back each event of a step as it was written", () => {
    const db = open();
    db.addEvents(1, [event(1), event(2)]);
    db.addEvents(3, [event(3)]);
    db.addEvents(4, [event(4), event(5), event(6)]);
    expect(db.eventsAfter(0, 100).map((stored) => stored.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(db.eventsAfter(4, 1)).toEqual([{ seq: 5, event: event(5) }]);
    expect(db.recentEvents(5, 3)).toEqual([event(3), event(4), event(5)]);
    expect(db.lastEventSeq()).toBe(6);
    db.close();
  });

  it("answer every question as a flat list of the same events would", () => {
    const db = open();
    try {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 0, maxLength: 12 }),
          fc.array(fc.tuple(fc.integer({ min: -1, max: 45 }), fc.integer({ min: 0, max: 12 })), {
            minLength: 1,
            maxLength: 8,
          }),
          (steps, questions) => {
            db.connection.exec("DELETE FROM events");
            const flat: { seq: number; event: string }[] = [];
            for (const size of steps) {
              const first = flat.length + 1;
              const texts = Array.from({ length: size }, (_, i) => event(first + i));
              db.addEvents(first, texts);
              for (const [i, text] of texts.entries()) flat.push({ seq: first + i, event: text });
            }
            expect(db.lastEventSeq()).toBe(flat.length);
            const rows = new JournalRows(db.connection);
            for (const stored of flat) expect(rows.event(stored.seq)).toBe(stored.event);
            expect(rows.event(flat.length + 1)).toBeUndefined();
            expect(rows.event(0)).toBeUndefined();
            for (const [at, limit] of questions) {
              expect(db.eventsAfter(at, limit)).toEqual(
                flat.filter((stored) => stored.seq > at).slice(0, limit),
              );
              const upTo = flat.filter((stored) => stored.seq <= at);
              expect(db.recentEvents(at, limit)).toEqual(
                limit === 0 ? [] : upTo.slice(-limit).map((stored) => stored.event),
              );
            }
          },
        ),
        { numRuns: 200 },
      );
    } finally {
      db.close();
    }
  });
});
