// What a stream knows its subscriber lacks: the seqs between the complete prefix and the latest
// snapshot's run, none after a reset starts the journal again, and nothing once a gap is filled.
import type { JournalEvent } from "@causal-kv/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JournalCoverage } from "./journalCoverage.js";

function seqs(from: number, to: number): JournalEvent[] {
  return Array.from({ length: to - from + 1 }, (_, i) => ({
    seq: from + i,
    time: 0,
    replica: "node1",
    clock: { node1: 0 },
    type: "restart" as const,
  }));
}

describe("JournalCoverage", () => {
  it("misses nothing when the first snapshot's tail starts at seq 1, or is empty", () => {
    const coverage = new JournalCoverage();
    coverage.snapshot(0, []);
    expect(coverage.missing()).toBeUndefined();
    coverage.snapshot(0, seqs(1, 5));
    coverage.events(seqs(6, 7));
    expect(coverage.missing()).toBeUndefined();
  });

  it("names the history before a first snapshot's tail, and nothing once it is filled", () => {
    const coverage = new JournalCoverage();
    coverage.snapshot(3, seqs(501, 1000));
    coverage.events(seqs(1001, 1002));
    const gap = coverage.missing();
    expect(gap).toEqual({ epoch: 3, from: 1, to: 500 });
    if (gap) coverage.filled(gap);
    expect(coverage.missing()).toBeUndefined();
    // The live events after the tail are part of the complete prefix now.
    coverage.snapshot(3, seqs(900, 1003));
    expect(coverage.missing()).toBeUndefined();
  });

  it("names what a lag skipped, from the last seq handed over to the resync's tail", () => {
    const coverage = new JournalCoverage();
    coverage.snapshot(1, seqs(1, 10));
    coverage.events(seqs(11, 20));
    // Skipped 21..5000; live events resume before the resync's snapshot arrives.
    coverage.events(seqs(5001, 5010));
    coverage.snapshot(1, seqs(4600, 5012));
    expect(coverage.missing()).toEqual({ epoch: 1, from: 21, to: 4599 });
  });

  it("forgets the old epoch's journal on a reset", () => {
    const coverage = new JournalCoverage();
    coverage.snapshot(1, seqs(1, 900));
    coverage.snapshot(2, seqs(3, 4));
    expect(coverage.missing()).toEqual({ epoch: 2, from: 1, to: 2 });
    // A gap of the old epoch, fetched too late, changes nothing.
    coverage.filled({ epoch: 1, from: 1, to: 2 });
    expect(coverage.missing()).toEqual({ epoch: 2, from: 1, to: 2 });
  });

  it("after any deliveries and fills, the missing seqs are exactly those never handed over", () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant("snapshot" as const), from: fc.nat(60), length: fc.nat(20) }),
      fc.record({ kind: fc.constant("events" as const), skip: fc.nat(5), length: fc.nat(8) }),
      fc.record({ kind: fc.constant("fill" as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const coverage = new JournalCoverage();
        const given = new Set<number>();
        let end = 0;
        const give = (events: JournalEvent[]) => {
          for (const event of events) given.add(event.seq);
          end = Math.max(end, events.at(-1)?.seq ?? end);
        };
        for (const s of steps) {
          if (s.kind === "snapshot") {
            // A snapshot's tail ends at the journal's end, which only grows.
            const to = Math.max(end, s.from + s.length);
            const events = seqs(Math.max(1, to - s.length), to);
            coverage.snapshot(0, events);
            give(events);
          } else if (s.kind === "events") {
            if (end === 0) continue;
            const events = seqs(end + 1 + s.skip, end + 1 + s.skip + s.length);
            coverage.events(events);
            give(events);
          } else {
            const gap = coverage.missing();
            if (!gap) continue;
            give(seqs(gap.from, gap.to));
            coverage.filled(gap);
          }
        }
        // Whatever was never handed over lies in the gap (which may repeat some seqs, never skip).
        const gap = coverage.missing();
        const lacking = Array.from({ length: end }, (_, i) => i + 1).filter((s) => !given.has(s));
        const outside = lacking.filter((seq) => !gap || seq < gap.from || seq > gap.to);
        expect(outside).toEqual([]);
      }),
    );
  });
});
