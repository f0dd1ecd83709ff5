/**
 * The main property: whatever order, and however many times, a replica receives a causal history,
 * causal mode delivers every write exactly once and in causal order, and ends in the same state as
 * a replica that received the history in the order it happened. Naive mode converges too, but
 * may apply a write before one it depends on.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CausalHistory, historyWithArrivalsArb } from "./causalHistory.testkit.js";
import { CausalReplica } from "./causalReplica.js";
import type { DeliveryMode, JournalEvent } from "./journalEvent.js";
import { type JournaledWrite, journaledWrite } from "./journaledWrite.js";
import { type ReplicatedWrite, writeId } from "./replicatedWrite.js";
import { happenedBefore, merge, zeroClock } from "./vectorClock.js";

function receiveAll(history: CausalHistory, arrivals: readonly number[], mode: DeliveryMode) {
  const receiver = new CausalReplica({ id: history.receiver, members: history.members, mode });
  const events: JournalEvent[] = [];
  arrivals.forEach((index, time) => {
    events.push(...receiver.receive(history.messages[index], time));
  });
  const delivered = events.flatMap((e) => (e.type === "deliver" ? [e.message] : []));
  return { receiver, events, delivered };
}

/** Each write delivered before some write that happened before it, as "early ← needed". */
function causalViolations(delivered: readonly JournaledWrite[]): string[] {
  const violations: string[] = [];
  delivered.forEach((write, at) => {
    for (const later of delivered.slice(at + 1)) {
      if (happenedBefore(later.clock, write.clock)) {
        violations.push(`${writeId(write)} ← ${writeId(later)}`);
      }
    }
  });
  return violations;
}

const sortedIds = (writes: readonly Pick<ReplicatedWrite, "origin" | "clock">[]) =>
  writes.map(writeId).sort();

describe.each([3, 5])("a receiver of a random history from %i writers", (writers) => {
  const scenario = historyWithArrivalsArb(writers);

  it("delivers causally, each write exactly once, and ends like an in-order receiver", () => {
    fc.assert(
      fc.property(scenario, ({ history, arrivals }) => {
        const inOrder = receiveAll(history, [...history.messages.keys()], "causal");
        expect(inOrder.events.filter((e) => e.type === "buffer")).toEqual([]);
        expect(inOrder.delivered).toEqual(history.messages.map(journaledWrite));

        const shuffled = receiveAll(history, arrivals, "causal");
        expect(causalViolations(shuffled.delivered)).toEqual([]);
        expect(sortedIds(shuffled.delivered)).toEqual(sortedIds(history.messages));
        expect(shuffled.events.filter((e) => e.type === "duplicate")).toHaveLength(
          arrivals.length - history.messages.length,
        );
        expect(shuffled.receiver.bufferedWrites()).toEqual([]);
        expect(JSON.stringify(shuffled.receiver.storeSnapshot())).toBe(
          JSON.stringify(inOrder.receiver.storeSnapshot()),
        );
        const everything = history.messages.reduce(
          (clock, m) => merge(clock, m.clock),
          zeroClock(history.members),
        );
        expect(shuffled.receiver.clock).toEqual(everything);
        expect(shuffled.receiver.delivered).toEqual(everything);
      }),
    );
  });

  it("journals events numbered 1, 2, 3, … whatever arrives", () => {
    fc.assert(
      fc.property(scenario, ({ history, arrivals }) => {
        const { events } = receiveAll(history, arrivals, "causal");
        expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      }),
    );
  });

  it("in naive mode still applies each write once and converges to the same store", () => {
    fc.assert(
      fc.property(scenario, ({ history, arrivals }) => {
        const inOrder = receiveAll(history, [...history.messages.keys()], "causal");
        const naive = receiveAll(history, arrivals, "naive");
        expect(sortedIds(naive.delivered)).toEqual(sortedIds(history.messages));
        expect(naive.events.filter((e) => e.type === "buffer")).toEqual([]);
        expect(JSON.stringify(naive.receiver.storeSnapshot())).toBe(
          JSON.stringify(inOrder.receiver.storeSnapshot()),
        );
        expect(naive.receiver.clock).toEqual(inOrder.receiver.clock);
      }),
    );
  });
});

describe("the causal-order check", () => {
  it("does catch naive mode applying a write before one it depends on", () => {
    const naiveIsCausal = fc.property(historyWithArrivalsArb(3), ({ history, arrivals }) => {
      const naive = receiveAll(history, arrivals, "naive");
      return causalViolations(naive.delivered).length === 0;
    });
    const result = fc.check(naiveIsCausal, { numRuns: 1000 });
    expect(result.failed).toBe(true);
  });
});
