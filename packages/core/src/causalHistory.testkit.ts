/**
 * Test fixtures: random causal histories produced by real replicas (so every clock is one a replica
 * could send), random arrival orders with duplicates, and a reader for CoreError codes.
 */
import fc from "fast-check";
import { CausalReplica } from "./causalReplica.js";
import { CoreError, type CoreErrorCode } from "./coreError.js";
import type { JournalEvent } from "./journalEvent.js";
import type { ReplicaId } from "./replicaId.js";
import type { ReplicatedWrite } from "./replicatedWrite.js";

export function memberIds(count: number): ReplicaId[] {
  return Array.from({ length: count }, (_, i) => `node${i + 1}`);
}

/** The code of the CoreError `run` throws; any other error is rethrown. */
export function thrownCode(run: () => unknown): CoreErrorCode | "nothing thrown" {
  try {
    run();
  } catch (error) {
    if (error instanceof CoreError) return error.code;
    throw error;
  }
  return "nothing thrown";
}

export function eventTypes(events: readonly JournalEvent[]): string[] {
  return events.map((event) => event.type);
}

type HistoryStep =
  | { kind: "write"; writer: number; key: string; value: string | null }
  | { kind: "deliver"; to: number; pick: number };

export interface CausalHistory {
  /** The writers, then one replica that never writes and has received nothing: the receiver. */
  readonly members: readonly ReplicaId[];
  readonly receiver: ReplicaId;
  /** Every write, in the order it was made: a causal order. */
  readonly messages: readonly ReplicatedWrite[];
}

/** Writers write to a few keys and deliver each other's messages at random points, causally. */
export function historyArb(writerCount: number, maxSteps = 60): fc.Arbitrary<CausalHistory> {
  const step: fc.Arbitrary<HistoryStep> = fc.oneof(
    fc.record({
      kind: fc.constant("write" as const),
      writer: fc.nat({ max: writerCount - 1 }),
      key: fc.constantFrom("x", "y", "z"),
      value: fc.option(fc.string({ maxLength: 3 }), { freq: 6 }),
    }),
    fc.record({
      kind: fc.constant("deliver" as const),
      to: fc.nat({ max: writerCount - 1 }),
      pick: fc.nat(),
    }),
  );
  return fc.array(step, { minLength: 1, maxLength: maxSteps, size: "max" }).map((steps) => {
    const members = memberIds(writerCount + 1);
    const writers = members.slice(0, writerCount).map((id) => new CausalReplica({ id, members }));
    const pending: ReplicatedWrite[][] = writers.map(() => []);
    const messages: ReplicatedWrite[] = [];
    steps.forEach((s, time) => {
      if (s.kind === "write") {
        const { message } = (writers[s.writer] as CausalReplica).write(s.key, s.value, time);
        messages.push(message);
        pending.forEach((inbox, i) => {
          if (i !== s.writer) inbox.push(message);
        });
        return;
      }
      const inbox = pending[s.to] as ReplicatedWrite[];
      if (inbox.length === 0) return;
      const [message] = inbox.splice(s.pick % inbox.length, 1);
      (writers[s.to] as CausalReplica).receive(message, time);
    });
    return { members, receiver: members[writerCount] as ReplicaId, messages };
  });
}

/** Indices 0..count-1 in any order, each at least once, with some repeated anywhere. */
export function arrivalsArb(count: number): fc.Arbitrary<number[]> {
  const indices = Array.from({ length: count }, (_, i) => i);
  return fc
    .tuple(
      fc.shuffledSubarray(indices, { minLength: count, maxLength: count }),
      fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: count === 0 ? 0 : 12 }),
    )
    .map(([order, duplicates]) => {
      const arrivals = [...order];
      for (const [which, at] of duplicates) {
        arrivals.splice(at % (arrivals.length + 1), 0, which % count);
      }
      return arrivals;
    });
}

export function historyWithArrivalsArb(
  writerCount: number,
): fc.Arbitrary<{ history: CausalHistory; arrivals: number[] }> {
  return historyArb(writerCount).chain((history) =>
    arrivalsArb(history.messages.length).map((arrivals) => ({ history, arrivals })),
  );
}
