/**
 * Causal replication between three real replica processes under injected faults: a delayed link
 * makes a replica buffer, concurrent writes become siblings, partitions heal by retransmission,
 * random writes under jitter converge, held messages wait for a hand, a lossy link resends only what
 * it lost, and naive delivery shows why the causal rule exists. Each test starts from a fresh epoch.
 */
import type { JournalEvent } from "@causal-kv/core";
import { heldListSchema, type StatusResponse, valuesResponseSchema } from "@causal-kv/protocol";
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
  cluster = await startCluster({ env: { FAULT_SEED: "7" } });
  [node1, node2, node3] = [cluster.node(0), cluster.node(1), cluster.node(2)];
});

afterAll(async () => {
  await cluster?.close();
});

beforeEach(async () => {
  await resetAll(cluster);
});

async function hasKey(node: ReplicaProcess, key: string): Promise<boolean> {
  return (await node.request("GET", `/kv/${key}`)).status === 200;
}

function indexOf(journal: JournalEvent[], type: string, key: string): number {
  return journal.findIndex(
    (event) => event.type === type && "message" in event && event.message.key === key,
  );
}

describe("causal replication", () => {
  it("buffers a write until its dependency arrives over a delayed link", async () => {
    await setLink(node1, "node3", { delayMs: 500 });
    const x = await put(node1, "x", "1");
    expect(x.clock).toEqual({ node1: 1, node2: 0, node3: 0 });
    await waitFor(() => hasKey(node2, "x"), "node2 to deliver x");
    await put(node2, "y", "2");

    // Read y's buffering from the same status that showed it: x may be delivered right after.
    let buffered: StatusResponse["buffer"] = [];
    let store: StatusResponse["store"] = {};
    await waitFor(async () => {
      ({ buffer: buffered, store } = await statusOf(node3));
      return buffered.length === 1;
    }, "node3 to buffer y");
    expect(buffered[0]).toMatchObject({ origin: "node2", key: "y", waitingFor: ["node1:1"] });
    expect(store.y).toBeUndefined();

    await waitForConvergence(cluster);
    const journal = await journalOf(node3);
    const bufferY = indexOf(journal, "buffer", "y");
    const deliverX = indexOf(journal, "deliver", "x");
    const deliverY = indexOf(journal, "deliver", "y");
    expect(bufferY).toBeGreaterThanOrEqual(0);
    expect(bufferY).toBeLessThan(deliverX);
    expect(deliverX).toBeLessThan(deliverY);
    const deliveredY = journal[deliverY];
    expect(deliveredY?.type === "deliver" && deliveredY.bufferedMs).toBeGreaterThan(0);
    expect(journal.map((event) => event.seq)).toEqual(journal.map((_, i) => i + 1));
  });

  it("keeps concurrent writes as siblings, then a later write resolves them", async () => {
    await setLink(node1, "node2", { partitioned: true });
    await setLink(node2, "node1", { partitioned: true });
    await put(node1, "k", "from-1");
    await put(node2, "k", "from-2");
    await setLink(node1, "node2", { partitioned: false });
    await setLink(node2, "node1", { partitioned: false });
    await waitForConvergence(cluster);

    for (const node of cluster.nodes) {
      const values = valuesResponseSchema.parse((await node.request("GET", "/kv/k")).body);
      expect(values.conflict).toBe(true);
      expect(values.values.map((sibling) => sibling.value)).toEqual(["from-1", "from-2"]);
    }
    const resolved = await put(node3, "k", "merged");
    expect(resolved.clock).toEqual({ node1: 1, node2: 1, node3: 1 });
    await waitForConvergence(cluster);
    for (const node of cluster.nodes) {
      const values = valuesResponseSchema.parse((await node.request("GET", "/kv/k")).body);
      expect(values).toMatchObject({ conflict: false, values: [{ value: "merged" }] });
    }
  });

  it("catches up after a partition heals", async () => {
    await setLink(node1, "node2", { partitioned: true });
    await setLink(node1, "node3", { partitioned: true });
    for (let i = 0; i < 20; i++) await put(node1, `p${i}`, String(i));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await statusOf(node1)).unacknowledged).toEqual({ node2: 20, node3: 20 });
    expect(Object.keys((await statusOf(node2)).store)).toEqual([]);

    await setLink(node1, "node2", { partitioned: false });
    await setLink(node1, "node3", { partitioned: false });
    const state = await waitForConvergence(cluster);
    expect(Object.keys(JSON.parse(state).store)).toHaveLength(20);
  });

  it("converges byte for byte after hundreds of random writes under jitter and loss", async () => {
    for (const from of cluster.nodes) {
      for (const to of cluster.nodes) {
        if (from !== to) await setLink(from, to.id, { delayMs: 1, jitterMs: 20, dropRate: 0.05 });
      }
    }
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const writes = Array.from({ length: 300 }, (_, i) => ({
      node: cluster.node(Math.floor(random() * 3)),
      key: `r${Math.floor(random() * 25)}`,
      value: `v${i}`,
    }));
    for (let i = 0; i < writes.length; i += 10) {
      await Promise.all(writes.slice(i, i + 10).map((w) => put(w.node, w.key, w.value)));
    }
    await waitForConvergence(cluster, 20_000);
    const journals = await Promise.all(cluster.nodes.map(journalOf));
    const buffered = journals.flat().filter((event) => event.type === "buffer").length;
    expect(buffered).toBeGreaterThan(0);
  });
});

describe("held links", () => {
  it("holds messages until released; a dropped one is sent again and held again", async () => {
    await setLink(node1, "node2", { hold: true });
    await put(node1, "h", "held");
    await waitFor(() => hasKey(node3, "h"), "node3 to get h directly");

    const heldList = async () =>
      heldListSchema.parse((await node1.request("GET", "/control/held")).body).held;
    await waitFor(async () => (await heldList()).length === 1, "the message to be held");
    const [first] = await heldList();
    // Listed by digest, as the journal names values.
    expect(first).toMatchObject({ to: "node2", message: { key: "h", value: { preview: "held" } } });
    expect(await hasKey(node2, "h")).toBe(false);

    const dropped = await node1.request("POST", `/control/held/${first?.id}/drop`);
    expect(heldListSchema.parse(dropped.body).held).toEqual([]);
    await waitFor(async () => (await heldList()).length === 1, "the dropped message to return");
    const [again] = await heldList();
    expect(again?.id).not.toBe(first?.id);
    expect(again?.message).toEqual(first?.message);

    const released = await node1.request("POST", `/control/held/${again?.id}/release`);
    expect(heldListSchema.parse(released.body).held).toEqual([]);
    await waitFor(() => hasKey(node2, "h"), "node2 to get the released message");
    await setLink(node1, "node2", { hold: false });
    await waitForConvergence(cluster);
  });
});

describe("lifting a hold", () => {
  it("sends on what the link held, without a release by hand", async () => {
    await setLink(node1, "node2", { hold: true });
    await put(node1, "lift1", "a");
    await put(node1, "lift2", "b");
    const heldList = async () =>
      heldListSchema.parse((await node1.request("GET", "/control/held")).body).held;
    await waitFor(async () => (await heldList()).length === 2, "both messages to be held");
    expect(await hasKey(node2, "lift1")).toBe(false);

    await setLink(node1, "node2", { hold: false });
    expect(await heldList()).toEqual([]);
    await waitFor(() => hasKey(node2, "lift2"), "node2 to get the held messages");
    expect(await hasKey(node2, "lift1")).toBe(true);
    await waitForConvergence(cluster);
  });
});

describe("a lossy link", () => {
  it("resends what was lost, never a write the peer already took", async () => {
    await setLink(node1, "node2", { dropRate: 0.5 });
    for (let i = 0; i < 40; i++) await put(node1, `lossy${i}`, `v${i}`);
    await waitForConvergence(cluster);
    // Writes after a lost one wait in node2's buffer, unacknowledged: they must not be sent again.
    const copies = (await journalOf(node2)).filter((event) => event.type === "duplicate");
    expect(copies.map((event) => "message" in event && event.message.key)).toEqual([]);
  });
});

describe("naive delivery", () => {
  it("delivers a write before its dependency, which causal delivery never does", async () => {
    const mode = await node3.request("POST", "/control/mode", { delivery: "naive" });
    expect(mode.body).toEqual({ id: "node3", mode: "naive" });
    await setLink(node1, "node3", { delayMs: 400 });
    await put(node1, "x", "1");
    await waitFor(() => hasKey(node2, "x"), "node2 to deliver x");
    await put(node2, "y", "2");
    await waitFor(() => hasKey(node3, "y"), "node3 to deliver y at once");
    expect(await hasKey(node3, "x")).toBe(false);

    await waitForConvergence(cluster);
    const journal = await journalOf(node3);
    expect(journal[0]).toMatchObject({ type: "mode", mode: "naive" });
    expect(indexOf(journal, "buffer", "y")).toBe(-1);
    expect(indexOf(journal, "deliver", "y")).toBeLessThan(indexOf(journal, "deliver", "x"));
  });
});
