// ReplicaClient against real replica processes: writes, reads, deletes, status, reset and the
// journal, each answer parsed by the protocol's schemas.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { failureOf } from "./failureOf.testkit.js";
import { type RealReplicas, startReplicas, waitFor } from "./realReplicas.testkit.js";
import type { ReplicaClient } from "./replicaClient.js";

let cluster: RealReplicas;
let node1: ReplicaClient;
let node2: ReplicaClient;
let node3: ReplicaClient;

beforeAll(async () => {
  cluster = await startReplicas(3);
  node1 = cluster.client("node1");
  node2 = cluster.client("node2");
  node3 = cluster.client("node3");
});
afterAll(() => cluster?.stop());
beforeEach(async () => {
  await cluster.reset();
});

describe("put and get", () => {
  test("a write is answered with its origin and clock, read back, and reaches the peers", async () => {
    const written = await node1.put("x", "1");
    expect(written).toEqual({
      key: "x",
      value: "1",
      origin: "node1",
      clock: { node1: 1, node2: 0, node3: 0 },
    });
    expect(await node1.get("x")).toEqual({
      key: "x",
      values: [{ value: "1", clock: written.clock, origin: "node1" }],
      conflict: false,
    });
    await waitFor("node2 to receive x", async () => (await node2.get("x")) !== undefined);
    expect((await node2.get("x"))?.values).toEqual([
      { value: "1", clock: written.clock, origin: "node1" },
    ]);
  });

  test("each write at a replica counts one more in its own clock entry", async () => {
    await node2.put("a", "1");
    const second = await node2.put("a", "2");
    expect(second.clock).toEqual({ node1: 0, node2: 2, node3: 0 });
    expect((await node2.get("a"))?.values.map((s) => s.value)).toEqual(["2"]);
  });

  test("keys with slashes, spaces, query, fragment, percent and non-ASCII characters round-trip", async () => {
    const keys = ["a/b", "two words", "q?x=1&y", "frag#ment", "100%", "%2e", "clé-ключ-鍵", "..."];
    for (const [i, key] of keys.entries()) await node1.put(key, `v${i}`);
    for (const [i, key] of keys.entries()) {
      expect(await node1.get(key)).toMatchObject({ key, values: [{ value: `v${i}` }] });
    }
    expect(Object.keys((await node1.status()).store).sort()).toEqual([...keys].sort());
  });

  test("a key that was never written reads as undefined", async () => {
    expect(await node1.get("never-written")).toBeUndefined();
  });

  test("writes that never saw each other come back as siblings marked as a conflict", async () => {
    await node1.setLink("node2", { partitioned: true });
    await node2.setLink("node1", { partitioned: true });
    await node1.put("x", "red");
    await node2.put("x", "blue");
    await waitFor("node3 to hold both writes", async () => {
      return ((await node3.get("x"))?.values.length ?? 0) === 2;
    });
    const read = await node3.get("x");
    expect(read?.conflict).toBe(true);
    expect(read?.values.map((s) => `${s.origin}=${s.value}`).sort()).toEqual([
      "node1=red",
      "node2=blue",
    ]);
  });
});

describe("delete", () => {
  test("a delete is a write of null: get says undefined, the store keeps a tombstone", async () => {
    await node1.put("x", "1");
    const deleted = await node1.delete("x");
    expect(deleted).toEqual({
      key: "x",
      value: null,
      origin: "node1",
      clock: { node1: 2, node2: 0, node3: 0 },
    });
    expect(await node1.get("x")).toBeUndefined();
    expect((await node1.status()).store.x).toEqual([
      { value: null, clock: deleted.clock, origin: "node1" },
    ]);
    await waitFor("node3 to apply the delete", async () => {
      return (await node3.status()).store.x?.[0]?.value === null;
    });
    expect(await node3.get("x")).toBeUndefined();
  });

  test("a write after a delete brings the key back", async () => {
    await node1.put("x", "1");
    await node1.delete("x");
    await node1.put("x", "2");
    expect((await node1.get("x"))?.values.map((s) => s.value)).toEqual(["2"]);
  });
});

describe("status and health", () => {
  test("health names the replica", async () => {
    expect(await node2.health()).toEqual({ ok: true, id: "node2" });
  });

  test("status describes a fresh replica: members, causal mode, zero clock, healthy links", async () => {
    const healthy = { delayMs: 0, jitterMs: 0, dropRate: 0, partitioned: false, hold: false };
    const status = await node1.status();
    expect(status).toMatchObject({
      id: "node1",
      members: ["node1", "node2", "node3"],
      mode: "causal",
      clock: { node1: 0, node2: 0, node3: 0 },
      store: {},
      buffer: [],
      links: { node2: healthy, node3: healthy },
      unacknowledged: { node2: 0, node3: 0 },
    });
  });

  test("a write withheld from a peer shows as unacknowledged until the link lets it through", async () => {
    await node1.setLink("node3", { partitioned: true });
    await node1.put("x", "1");
    expect((await node1.status()).unacknowledged.node3).toBe(1);
    await node1.setLink("node3", { partitioned: false });
    await waitFor("node3 to acknowledge x", async () => {
      return (await node1.status()).unacknowledged.node3 === 0;
    });
    expect((await node3.status()).clock.node1).toBe(1);
  });
});

describe("reset", () => {
  test("without an epoch, a reset moves to the next one and empties store and journal", async () => {
    await node1.put("x", "1");
    const before = await node1.status();
    const reset = await node1.reset();
    expect(reset).toEqual({ id: "node1", epoch: before.epoch + 1 });
    const after = await node1.status();
    expect(after.epoch).toBe(before.epoch + 1);
    expect(after.store).toEqual({});
    expect(after.clock).toEqual({ node1: 0, node2: 0, node3: 0 });
    expect(await node1.journal()).toEqual([]);
  });

  test("a reset to an older epoch is refused and changes nothing", async () => {
    await node1.put("x", "1");
    const { epoch } = await node1.status();
    const refused = await failureOf(node1.reset(epoch - 1));
    expect(refused).toMatchObject({ code: "epoch-not-newer", status: 409 });
    expect(refused.message).toContain(`epoch ${epoch}`);
    expect((await node1.status()).epoch).toBe(epoch);
    expect(await node1.get("x")).toBeDefined();
  });

  test("a reset to the epoch the replica is in changes nothing: it is there already", async () => {
    await node1.put("x", "1");
    const { epoch } = await node1.status();
    expect(await node1.reset(epoch)).toEqual({ id: "node1", epoch });
    expect(await node1.get("x")).toBeDefined();
  });
});

describe("journal", () => {
  test("a write journals write then send, with the clock after each step", async () => {
    const written = await node1.put("x", "1");
    await waitFor("node2 to deliver x", async () => (await node2.journal()).length >= 2);
    // The journal names the value by digest: its preview, whether it was cut, its size.
    const value = { preview: "1", cut: false, bytes: 1 };
    const message = { origin: "node1", clock: written.clock, key: "x", value };
    expect(await node1.journal()).toMatchObject([
      { seq: 1, replica: "node1", type: "write", clock: written.clock, message },
      { seq: 2, replica: "node1", type: "send", message, to: ["node2", "node3"] },
    ]);
    expect(await node2.journal()).toMatchObject([
      { seq: 1, replica: "node2", type: "receive", message },
      { seq: 2, replica: "node2", type: "deliver", message, bufferedMs: 0 },
    ]);
  });

  test("a journal longer than one page (1000 events) is read whole, in order", async () => {
    const writes = 501;
    // Partitioned links keep the peers idle: only node3's own journal matters here.
    await node3.setLink("node1", { partitioned: true });
    await node3.setLink("node2", { partitioned: true });
    for (let start = 0; start < writes; start += 100) {
      const batch = Array.from({ length: Math.min(100, writes - start) }, (_, i) => start + i);
      await Promise.all(batch.map((n) => node3.put(`k${n % 7}`, String(n))));
    }
    const journal = await node3.journal();
    expect(journal.length).toBe(2 * writes);
    expect(journal.map((event) => event.seq)).toEqual(
      Array.from({ length: 2 * writes }, (_, i) => i + 1),
    );
    expect(journal.filter((event) => event.type === "write").length).toBe(writes);
    expect(journal.at(-1)?.clock.node3).toBe(writes);
  });
});
