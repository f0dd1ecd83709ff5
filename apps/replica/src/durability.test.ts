/**
 * Crashes and resets with real processes: `kill -9` of a receiver and of the writer in the middle
 * of a stream of writes, restarted on the same DATA_DIR, lose nothing acknowledged and reuse no
 * counter; a reset of one replica reaches the others, which forget the old epoch with it, and
 * nothing written in the new epoch is lost.
 */
import type { WriteResponse } from "@causal-kv/protocol";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type Cluster,
  journalOf,
  put,
  type ReplicaProcess,
  resetAll,
  setLink,
  startCluster,
  statusOf,
  waitFor,
  waitForConvergence,
} from "./cluster.testkit.js";

let cluster: Cluster;
let node1: ReplicaProcess;
let node2: ReplicaProcess;
let node3: ReplicaProcess;

beforeAll(async () => {
  cluster = await startCluster();
  [node1, node2, node3] = [cluster.node(0), cluster.node(1), cluster.node(2)];
});

afterAll(async () => {
  await cluster?.close();
});

beforeEach(async () => {
  await resetAll(cluster);
});

/** Checks that every acknowledged write is what every replica holds for its key. */
async function expectEverywhere(acknowledged: Map<string, string>): Promise<void> {
  for (const node of cluster.nodes) {
    const { store } = await statusOf(node);
    for (const [key, value] of acknowledged) {
      expect(
        store[key]?.map((sibling) => sibling.value),
        `${key} at ${node.id}`,
      ).toEqual([value]);
    }
  }
}

/** Lanes of concurrent writes to `node` until stopped; counts only acknowledged writes. */
function writeStream(node: ReplicaProcess, prefix: string, lanes = 8) {
  const acknowledged = new Map<string, string>();
  const responses: WriteResponse[] = [];
  let stopped = false;
  const lane = async (n: number) => {
    for (let i = 0; !stopped; i++) {
      const key = `${prefix}${n}-${i}`;
      try {
        responses.push(await put(node, key, `v${i}`));
        acknowledged.set(key, `v${i}`);
      } catch {
        return; // the fate of a write cut off by a crash is unknown: not counted
      }
    }
  };
  const running = Array.from({ length: lanes }, (_, n) => lane(n));
  return {
    acknowledged,
    responses,
    async stop() {
      stopped = true;
      await Promise.all(running);
    },
  };
}

describe("kill -9 and restart", () => {
  it("loses nothing when a receiver is killed mid-stream", async () => {
    const stream = writeStream(node1, "r");
    await waitFor(() => stream.acknowledged.size >= 60, "60 acknowledged writes");
    await node3.kill9();
    await waitFor(() => stream.acknowledged.size >= 120, "120 acknowledged writes");
    await node3.start();
    await waitFor(() => stream.acknowledged.size >= 180, "180 acknowledged writes");
    await stream.stop();
    await waitForConvergence(cluster);
    await expectEverywhere(stream.acknowledged);

    const journal = await journalOf(node3);
    expect(journal.map((event) => event.seq)).toEqual(journal.map((_, i) => i + 1));
    expect(journal.filter((event) => event.type === "restart")).toHaveLength(1);
  });

  it("loses nothing acknowledged and reuses no counter when the writer is killed mid-stream", async () => {
    const stream = writeStream(node1, "w");
    await waitFor(() => stream.acknowledged.size >= 150, "150 acknowledged writes");
    await node1.kill9();
    await stream.stop();
    const acknowledged = stream.acknowledged;
    const highest = Math.max(...stream.responses.map((written) => written.clock.node1 ?? 0));

    await node1.start();
    expect((await statusOf(node1)).clock.node1).toBeGreaterThanOrEqual(highest);
    const after = await put(node1, "after-crash", "yes");
    expect(after.clock.node1).toBeGreaterThan(highest);
    acknowledged.set("after-crash", "yes");

    await waitForConvergence(cluster);
    await expectEverywhere(acknowledged);
    const counters = new Set(stream.responses.map((written) => written.clock.node1));
    expect(counters.size).toBe(stream.responses.length);
    const journal = await journalOf(node1);
    expect(journal.map((event) => event.seq)).toEqual(journal.map((_, i) => i + 1));
  });
});

describe("POST /control/crash", () => {
  it("answers, then dies like kill -9, and comes back with its state", async () => {
    await put(node3, "survives", "yes");
    const exited = node3.exited();
    const reply = await node3.request("POST", "/control/crash");
    expect(reply).toMatchObject({ status: 200, body: { id: "node3", crashing: true } });
    expect(await exited).toBe("SIGKILL");
    await node3.start();
    expect((await statusOf(node3)).store.survives?.[0]?.value).toBe("yes");
    await waitForConvergence(cluster);
  });
});

describe("reset", () => {
  it("reaches every replica from the one reset, forgets the old epoch and keeps the new", async () => {
    const start = (await statusOf(node1)).epoch;
    await put(node1, "before", "old");
    await waitForConvergence(cluster);

    // node1's next write cannot reach node2 before node2 is reset: it is from the old epoch.
    await setLink(node1, "node2", { partitioned: true });
    await put(node1, "stale", "old");
    const reset2 = await node2.request("POST", "/control/reset", {});
    expect(reset2.body).toEqual({ id: "node2", epoch: start + 1 });
    expect(await statusOf(node2)).toMatchObject({ epoch: start + 1, store: {}, buffer: [] });

    // What node2 writes in the new epoch is acknowledged there, and must end up everywhere.
    await put(node2, "new", "kept");
    // node2 announces its epoch: node1 and node3 follow it, forgetting the old epoch's writes.
    await waitFor(
      async () =>
        (await Promise.all([node1, node3].map(statusOf))).every((s) => s.epoch === start + 1),
      "node1 and node3 to follow node2 into its epoch",
    );
    const state = JSON.parse(await waitForConvergence(cluster));
    expect(Object.keys(state.store)).toEqual(["new"]);

    // The operator's reset of the others to that same epoch finds them there: it changes nothing.
    for (const node of [node1, node3]) {
      const reply = await node.request("POST", "/control/reset", { epoch: start + 1 });
      expect(reply.body).toEqual({ id: node.id, epoch: start + 1 });
    }
    const first = await put(node1, "first", "after-reset");
    expect(first.clock.node1).toBe(1);
    const after = JSON.parse(await waitForConvergence(cluster));
    expect(Object.keys(after.store)).toEqual(["first", "new"]);
    for (const node of cluster.nodes) {
      const journal = await journalOf(node);
      const keys = journal.flatMap((event) => ("message" in event ? [event.message.key] : []));
      expect(keys.filter((key) => key === "stale" || key === "before")).toEqual([]);
    }
  });

  it("keeps the reset after a kill -9", async () => {
    await put(node2, "gone", "x");
    const epoch = (await statusOf(node2)).epoch + 1;
    await node2.request("POST", "/control/reset", { epoch });
    await node2.kill9();
    await node2.start();
    expect(await statusOf(node2)).toMatchObject({ epoch, store: {} });
    expect((await journalOf(node2)).map((event) => event.type)).toEqual(["restart"]);
  });
});
