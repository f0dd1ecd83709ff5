/**
 * ReplicaNode persists each step as rows; reopening the database must give back exactly the state
 * a pure core replica reaches on the same inputs. Random histories (peer writes delivered out of
 * order and twice, local writes and deletes, mode switches, acknowledgements) check that, in
 * process, with a real SQLite file.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CausalReplica, type ReplicatedWrite } from "@causal-kv/core";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { ReplicaNode } from "./replicaNode.js";
import { ReplicaDatabase } from "./storage/replicaDatabase.js";

const members = ["node1", "node2", "node3"];
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "causal-kv-node-"));
  dirs.push(dir);
  return dir;
}

function open(dir: string, now: () => number): { node: ReplicaNode; db: ReplicaDatabase } {
  const db = ReplicaDatabase.open(dir, "NORMAL");
  return { node: new ReplicaNode(db, { id: "node3", members }, now), db };
}

/** What must survive a restart, in a form to compare with a pure core replica. */
function durableView(view: {
  mode: string;
  clock: object;
  store: object;
  buffer: readonly { message?: ReplicatedWrite; waitingFor: readonly string[] }[];
}) {
  return { mode: view.mode, clock: view.clock, store: view.store };
}

type Op =
  | { kind: "peerWrite"; peer: 0 | 1; key: string }
  | { kind: "peerSync"; from: 0 | 1 | 2; to: 0 | 1 }
  | { kind: "receive"; pick: number; twice: boolean; recent: boolean }
  | { kind: "reopen" }
  | { kind: "localWrite"; key: string; value: string | null }
  | { kind: "mode"; mode: "causal" | "naive" }
  | { kind: "ack"; peer: 0 | 1; count: number };

const key = fc.constantFrom("a", "b", "c");
const peer = fc.constantFrom(0 as const, 1 as const);
// Weighted so that out-of-order arrivals (and so buffering) are common and mode switches rare.
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("peerWrite" as const), peer, key }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("peerSync" as const),
      from: fc.constantFrom(0 as const, 1 as const, 2 as const),
      to: peer,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("receive" as const),
      pick: fc.nat(),
      twice: fc.boolean(),
      // The newest messages are the ones most likely to arrive before their past.
      recent: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reopen" as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("localWrite" as const),
      key,
      value: fc.option(fc.string({ maxLength: 3 }), { nil: null }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("mode" as const),
      mode: fc.constantFrom("causal" as const, "naive" as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("ack" as const), peer, count: fc.nat({ max: 10 }) }),
  },
);

describe("ReplicaNode persistence", () => {
  it("reopens exactly the state a pure replica reaches on the same inputs", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
        let time = 0;
        const now = () => ++time;
        const dir = tempDir();
        let { node, db } = open(dir, now);
        const reference = new CausalReplica({ id: "node3", members });
        const peers = [
          new CausalReplica({ id: "node1", members }),
          new CausalReplica({ id: "node2", members }),
        ];
        const sent: ReplicatedWrite[][] = [[], [], []];
        const pool: ReplicatedWrite[] = [];
        /** Closes and reopens the database, checking the reopened state is the same. */
        const reopen = async () => {
          await node.settled();
          const expected = durableView({
            mode: reference.mode,
            clock: reference.clock,
            store: reference.storeSnapshot(),
            buffer: [],
          });
          const before = node.status();
          expect(durableView(before)).toEqual(expected);
          const unsent = [node.unsent("node1"), node.unsent("node2")];
          // As at shutdown: acknowledgements are stored lazily (after a crash they may lag).
          node.flush();
          db.close();
          ({ node, db } = open(dir, now));
          const after = node.status();
          expect(durableView(after)).toEqual(expected);
          expect(after.buffer).toEqual(before.buffer);
          expect(after.unacknowledged).toEqual(before.unacknowledged);
          expect([node.unsent("node1"), node.unsent("node2")]).toEqual(unsent);
          expect(reference.bufferedWrites().map((entry) => entry.message)).toEqual(
            after.buffer.map(({ origin, clock, key, value }) => ({ origin, clock, key, value })),
          );
          await node.start();
        };
        for (const step of ops) {
          if (step.kind === "reopen") {
            await reopen();
          } else if (step.kind === "peerWrite") {
            const { message } = peers[step.peer]?.write(step.key, `p${step.peer}`, 0) ?? {};
            if (message) {
              sent[step.peer]?.push(message);
              pool.push(message);
            }
          } else if (step.kind === "peerSync") {
            const target = peers[step.to];
            if (step.from !== step.to) for (const m of sent[step.from] ?? []) target?.receive(m, 0);
          } else if (step.kind === "receive" && pool.length > 0) {
            const range = step.recent ? Math.min(2, pool.length) : pool.length;
            const message = pool[pool.length - 1 - (step.pick % range)];
            if (!message) continue;
            for (let n = step.twice ? 2 : 1; n > 0; n--) {
              await node.receive({ messages: [message] });
              reference.receive(message, 0);
            }
          } else if (step.kind === "localWrite") {
            const message = await node.write(step.key, step.value);
            reference.write(step.key, step.value, 0);
            sent[2]?.push(message);
          } else if (step.kind === "mode") {
            await node.setMode(step.mode);
            reference.setMode(step.mode, 0);
          } else if (step.kind === "ack") {
            node.acknowledge(step.peer === 0 ? "node1" : "node2", step.count, node.epoch);
          }
        }
        await reopen();
        // Each restart is journaled after everything before it, with the next seq.
        const restarted = db.eventsAfter(0, 100_000).map((row) => row.seq);
        expect(restarted).toEqual(restarted.map((_, i) => i + 1));
        db.close();
      }),
      { numRuns: 40 },
    );
  });

  it("keeps a reset across a reopen, with counters starting again", async () => {
    const dir = tempDir();
    let { node, db } = open(dir, Date.now);
    await node.write("x", "1");
    await node.updateLink("node1", { delayMs: 30 });
    expect(await node.reset()).toBe(1);
    db.close();
    ({ node, db } = open(dir, Date.now));
    expect(node.status()).toMatchObject({ epoch: 1, store: {}, clock: { node3: 0 } });
    expect(node.link("node1").delayMs).toBe(0);
    expect((await node.write("y", "2")).clock.node3).toBe(1);
    db.close();
  });

  it("refuses a database that belongs to another replica", () => {
    const dir = tempDir();
    const { db } = open(dir, Date.now);
    db.close();
    const other = ReplicaDatabase.open(dir, "NORMAL");
    expect(() => new ReplicaNode(other, { id: "node2", members }, Date.now)).toThrow(
      /belongs to node3/,
    );
    other.close();
  });
});
