// The incremental checker against the whole-trace one: on generated traces (naive deliveries out of
// order, copies applied twice, messages dropped), fed in any interleaving, the verdicts are the same.
import type { JournalEvent, ReplicaId, ReplicatedWrite, VectorClock } from "@causal-kv/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkTrace } from "./checkTrace.js";
import { IncrementalChecker } from "./incrementalChecker.js";
import type { Trace } from "./trace.js";
import type { Violation } from "./violation.js";
import { writesInFlight } from "./writesInFlight.js";

type Step =
  | { kind: "write"; at: number; key: number }
  | { kind: "deliver"; pick: number; keep: boolean }
  | { kind: "drop"; pick: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("write" as const), at: fc.nat(), key: fc.nat(3) }),
  fc.record({ kind: fc.constant("deliver" as const), pick: fc.nat(), keep: fc.boolean() }),
  fc.record({ kind: fc.constant("drop" as const), pick: fc.nat() }),
);

/** A run of `replicas` made from `steps`: writes sent to every peer, delivered in any order. */
export function generatedTrace(replicas: number, steps: readonly Step[]): Trace {
  const ids = Array.from({ length: replicas }, (_, i) => `node${i + 1}`);
  const journals: Record<ReplicaId, JournalEvent[]> = Object.fromEntries(ids.map((id) => [id, []]));
  const clocks: Record<ReplicaId, VectorClock> = Object.fromEntries(ids.map((id) => [id, {}]));
  const inFlight: Array<{ to: ReplicaId; message: ReplicatedWrite }> = [];
  let time = 0;
  const record = (
    replica: ReplicaId,
    event: { type: JournalEvent["type"]; [field: string]: unknown },
  ) => {
    const journal = journals[replica] ?? [];
    journal.push({
      ...event,
      seq: journal.length + 1,
      time: ++time,
      replica,
      clock: { ...clocks[replica] },
    } as JournalEvent);
  };
  for (const step of steps) {
    if (step.kind === "write") {
      const origin = ids[step.at % replicas] ?? "node1";
      const clock = { ...clocks[origin] };
      clock[origin] = (clock[origin] ?? 0) + 1;
      clocks[origin] = clock;
      const message: ReplicatedWrite = { origin, clock, key: `k${step.key}`, value: `v${time}` };
      const to = ids.filter((id) => id !== origin);
      record(origin, { type: "write", message });
      record(origin, { type: "send", message, to });
      for (const peer of to) inFlight.push({ to: peer, message });
      continue;
    }
    if (inFlight.length === 0) continue;
    const at = step.pick % inFlight.length;
    const chosen = inFlight[at];
    if (!chosen) continue;
    if (step.kind === "drop" || !step.keep) inFlight.splice(at, 1);
    if (step.kind === "drop") continue;
    const merged = { ...clocks[chosen.to] };
    for (const [id, n] of Object.entries(chosen.message.clock))
      merged[id] = Math.max(merged[id] ?? 0, n);
    clocks[chosen.to] = merged;
    record(chosen.to, { type: "deliver", message: chosen.message, bufferedMs: 0 });
  }
  return { replicas: ids, journals };
}

/** What a viewer reads of a violation: the events behind it are named by replica and seq. */
function readable(violations: readonly Violation[]) {
  return violations.map(({ kind, replica, write, message, events }) => ({
    kind,
    replica,
    write,
    message,
    first: events[0] ? `${events[0].replica}#${events[0].seq}` : undefined,
  }));
}

/** Feeds the trace in chunks, replica by replica as `order` picks them, each journal in order. */
function feedInterleaved(
  trace: Trace,
  order: readonly number[],
  chunk: number,
): IncrementalChecker {
  const checker = new IncrementalChecker(trace.replicas);
  const next = new Map<ReplicaId, number>(trace.replicas.map((id) => [id, 0]));
  const remaining = () =>
    trace.replicas.filter((id) => (next.get(id) ?? 0) < (trace.journals[id]?.length ?? 0));
  let turn = 0;
  for (let open = remaining(); open.length > 0; open = remaining()) {
    const replica = open[(order[turn++ % Math.max(1, order.length)] ?? 0) % open.length] ?? "";
    const from = next.get(replica) ?? 0;
    checker.feed(replica, (trace.journals[replica] ?? []).slice(from, from + chunk));
    next.set(replica, from + chunk);
  }
  return checker;
}

describe("IncrementalChecker", () => {
  it("gives checkTrace's verdict and in-flight count on any trace, fed in any interleaving", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.array(stepArb, { maxLength: 120 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 7 }),
        fc.boolean(),
        (replicas, steps, order, chunk, quiescent) => {
          const trace = generatedTrace(replicas, steps);
          const checker = feedInterleaved(trace, order, chunk);
          expect(readable(checker.violations({ quiescent }))).toEqual(
            readable(checkTrace(trace, { quiescent })),
          );
          expect(checker.inFlight()).toBe(writesInFlight(trace));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a clone fed on leaves the original as it was", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 80 }), fc.nat(), (steps, cut) => {
        const trace = generatedTrace(3, steps);
        const original = new IncrementalChecker(trace.replicas);
        const rest: Record<ReplicaId, JournalEvent[]> = {};
        for (const id of trace.replicas) {
          const journal = trace.journals[id] ?? [];
          const at = journal.length === 0 ? 0 : cut % (journal.length + 1);
          original.feed(id, journal.slice(0, at));
          rest[id] = journal.slice(at);
        }
        const before = readable(original.violations({ quiescent: true }));
        const inFlightBefore = original.inFlight();
        const copy = original.clone();
        for (const id of trace.replicas) copy.feed(id, rest[id] ?? []);
        expect(readable(copy.violations({ quiescent: true }))).toEqual(
          readable(checkTrace(trace, { quiescent: true })),
        );
        expect(readable(original.violations({ quiescent: true }))).toEqual(before);
        expect(original.inFlight()).toBe(inFlightBefore);
      }),
      { numRuns: 200 },
    );
  });

  it("holds on to no write once every replica applied it, however long the run", () => {
    const steps: Step[] = [];
    for (let i = 0; i < 6000; i++) {
      steps.push({ kind: "write", at: i, key: i % 4 });
      steps.push(
        { kind: "deliver", pick: 0, keep: false },
        { kind: "deliver", pick: 0, keep: false },
      );
    }
    const trace = generatedTrace(3, steps);
    const checker = new IncrementalChecker(trace.replicas);
    for (const id of trace.replicas) checker.feed(id, trace.journals[id] ?? []);
    expect(checker.events).toBe(6000 * 4);
    expect(checker.retained.writes).toBeLessThan(4096);
    expect(checker.retained.sends).toBeLessThan(4096 * 2);
    expect(checker.violations({ quiescent: true })).toEqual([]);
  });

  it("names a cause fed after the write applied too early", () => {
    const steps: Step[] = [
      { kind: "write", at: 0, key: 0 },
      { kind: "deliver", pick: 0, keep: false }, // node1:1 reaches node2
      { kind: "write", at: 1, key: 1 }, // node2:1 depends on it
      { kind: "deliver", pick: 2, keep: false }, // node2:1 reaches node3 first
    ];
    const trace = generatedTrace(3, steps);
    const checker = new IncrementalChecker(trace.replicas);
    checker.feed("node3", trace.journals.node3 ?? []);
    checker.feed("node2", trace.journals.node2 ?? []);
    checker.feed("node1", trace.journals.node1 ?? []);
    const [violation] = checker.violations({ quiescent: false });
    expect(violation?.kind).toBe("causal-order");
    expect(violation?.events.map((e) => `${e.replica}#${e.seq}`)).toEqual(["node3#1", "node1#1"]);
  });
});
