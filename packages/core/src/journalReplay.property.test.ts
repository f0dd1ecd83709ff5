/**
 * The fold's promise: for any run of a small cluster (writes, arrivals in any order with copies,
 * mode switches both ways, restarts, and crashes that lose the last steps, so a write's number is
 * reused), wiped disks and catch-ups by state transfer, folding a replica's journal gives exactly the state the replica reports, after every
 * step, whether folded event by event, all at once, or on from a restored snapshot.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { memberIds } from "./causalHistory.testkit.js";
import { CausalReplica } from "./causalReplica.js";
import { CoreError } from "./coreError.js";
import type { DeliveryMode, JournalEvent } from "./journalEvent.js";
import { journaledStore, journaledWrite } from "./journaledWrite.js";
import { foldJournal, JournalReplay, type ReplayState } from "./journalReplay.js";
import type { ReplicaSnapshot } from "./replicaSnapshot.js";
import type { ReplicatedWrite } from "./replicatedWrite.js";

type Step =
  | { kind: "write"; at: number; key: string; value: string | null }
  | { kind: "arrive"; pick: number; copy: boolean }
  | { kind: "mode"; at: number; mode: DeliveryMode }
  | { kind: "restart"; at: number; lose: number }
  | { kind: "wipe"; at: number }
  | { kind: "catch-up"; at: number; from: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("write" as const),
      at: fc.nat(),
      key: fc.constantFrom("x", "y"),
      value: fc.option(fc.constantFrom("a", "b", "c"), { freq: 6 }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("arrive" as const),
      pick: fc.nat(),
      copy: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("mode" as const),
      at: fc.nat(),
      mode: fc.constantFrom<DeliveryMode>("causal", "naive"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("restart" as const),
      at: fc.nat(),
      // Mostly a clean restart; sometimes the last steps were never saved.
      lose: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, fc.nat({ max: 3 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("wipe" as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("catch-up" as const), at: fc.nat(), from: fc.nat() }),
  },
);

interface Node {
  replica: CausalReplica;
  journal: JournalEvent[];
  /** Folded one event at a time as the replica journals them. */
  replay: JournalReplay;
  /** After each of its steps, what it had saved then (journal length, snapshot). */
  saved: { length: number; snapshot: ReplicaSnapshot }[];
  /** Where its journal went on from a restore, and the snapshot restored. */
  restoredAt: { length: number; snapshot: ReplicaSnapshot } | undefined;
}

function reported(replica: CausalReplica): ReplayState {
  return {
    members: replica.members,
    mode: replica.mode,
    clock: replica.clock,
    applied: replica.appliedWrites(),
    store: journaledStore(replica.storeSnapshot()),
    buffer: replica
      .bufferedWrites()
      .map((view) => ({ ...view, message: journaledWrite(view.message) })),
  };
}

const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function run(members: readonly string[], steps: readonly Step[]) {
  const nodes = members.map((id): Node => {
    const replica = new CausalReplica({ id, members });
    return {
      replica,
      journal: [],
      replay: JournalReplay.fresh(members),
      saved: [{ length: 0, snapshot: replica.snapshot() }],
      restoredAt: undefined,
    };
  });
  const inFlight: { to: number; message: ReplicatedWrite }[] = [];
  let time = 0;

  const journal = (node: Node, events: readonly JournalEvent[]) => {
    const bufferedBefore = node.replay.bufferedWrites().length;
    let unbuffered = 0;
    for (const event of events) {
      node.journal.push(event);
      if (node.replay.apply(event)) unbuffered++;
    }
    const buffered = events.filter((event) => event.type === "buffer").length;
    expect(unbuffered).toBe(bufferedBefore + buffered - node.replica.bufferedWrites().length);
    node.saved.push({ length: node.journal.length, snapshot: node.replica.snapshot() });
  };

  for (const step of steps) {
    time += 1;
    if (step.kind === "arrive") {
      if (inFlight.length === 0) continue;
      const at = step.pick % inFlight.length;
      const arrival = inFlight[at] as (typeof inFlight)[number];
      if (!step.copy) inFlight.splice(at, 1);
      const node = nodes[arrival.to] as Node;
      const before = node.replica.bufferedWrites().length;
      let events: JournalEvent[];
      try {
        events = node.replica.receive(arrival.message, time);
      } catch (error) {
        // A write from before a crash that lost it: refused, nothing changed, nothing journaled.
        if (!(error instanceof CoreError)) throw error;
        expect(node.replica.bufferedWrites()).toHaveLength(before);
        continue;
      }
      journal(node, events);
      expect(node.replay.state()).toEqual(reported(node.replica));
      continue;
    }
    const index = step.at % nodes.length;
    const node = nodes[index] as Node;
    if (step.kind === "write") {
      const { message, events } = node.replica.write(step.key, step.value, time);
      for (const [to] of nodes.entries()) if (to !== index) inFlight.push({ to, message });
      journal(node, events);
    } else if (step.kind === "mode") {
      journal(node, node.replica.setMode(step.mode, time));
    } else if (step.kind === "wipe") {
      // A new disk: a new journal, from nothing.
      node.replica = new CausalReplica({ id: node.replica.id, members });
      node.journal = [];
      node.replay = JournalReplay.fresh(members);
      node.saved = [{ length: 0, snapshot: node.replica.snapshot() }];
      node.restoredAt = undefined;
    } else if (step.kind === "catch-up") {
      const peer = nodes[step.from % nodes.length] as Node;
      if (peer === node) continue;
      const transfer = viaJson(peer.replica.stateTransfer());
      journal(node, node.replica.catchUp(transfer, peer.replica.id, time));
    } else {
      const kept = Math.max(1, node.saved.length - step.lose);
      const saved = node.saved[kept - 1];
      if (saved === undefined) throw new Error("nothing saved");
      // What was lost never reached the journal either: it is stored in the same transaction.
      node.journal.length = saved.length;
      node.saved.length = kept;
      node.replica = CausalReplica.restore(viaJson(saved.snapshot));
      node.replay = JournalReplay.fresh(members).applyAll(node.journal);
      node.restoredAt = saved;
      journal(node, node.replica.restarted(time));
    }
    expect(node.replay.state()).toEqual(reported(node.replica));
  }
  return nodes;
}

describe.each([2, 4])("the journal of a replica in a random run of %i replicas", (count) => {
  const members = memberIds(count);
  const runArb = fc.array(stepArb, { minLength: 1, maxLength: 80, size: "max" });

  it("folds to exactly the state the replica reports", () => {
    fc.assert(
      fc.property(runArb, (steps) => {
        for (const node of run(members, steps)) {
          const expected = reported(node.replica);
          const folded = foldJournal(JournalReplay.fresh(members).state(), node.journal);
          // Byte for byte: the same order of clock entries, keys, siblings and buffered writes.
          expect(JSON.stringify(folded)).toBe(JSON.stringify(expected));
          expect(JSON.stringify(node.replay.state())).toBe(JSON.stringify(expected));
          const replay = JournalReplay.fresh(members).applyAll(viaJson(node.journal));
          expect(replay.state()).toEqual(expected);
          for (const origin of members) {
            expect(replay.heldCount(origin)).toBe(node.replica.heldCount(origin));
          }
          expect(replay.delivered).toEqual(node.replica.delivered);
        }
      }),
    );
  });

  it("folds on from a restored snapshot to the same state", () => {
    fc.assert(
      fc.property(runArb, (steps) => {
        for (const node of run(members, steps)) {
          if (node.restoredAt === undefined) continue;
          const { snapshot, length } = node.restoredAt;
          const replay = JournalReplay.restore(viaJson(snapshot));
          replay.applyAll(node.journal.slice(length));
          expect(replay.state()).toEqual(reported(node.replica));
        }
      }),
    );
  });
});
