/**
 * The rejoin gate with real processes (rejoinGate.ts): a replica back on an empty disk takes no
 * write until every peer has said how many of its writes it holds, so no write of its reuses an id
 * its peers already hold for another. Meanwhile a write is refused as `rejoining` and changes
 * nothing; the status names the peers it waits for.
 */
import { rmSync } from "node:fs";
import {
  causalContextHeader,
  clusterTag,
  encodeCausalContext,
  errorBodySchema,
  writeResponseSchema,
} from "@causal-kv/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Cluster,
  put,
  type ReplicaProcess,
  resetAll,
  setLink,
  startCluster,
  statusOf,
  waitFor,
  waitForConvergence,
} from "./cluster.testkit.js";

const token = "rejoin-admin";
let cluster: Cluster;
let node1: ReplicaProcess;
let node2: ReplicaProcess;
let node3: ReplicaProcess;

beforeAll(async () => {
  cluster = await startCluster({
    env: { CLUSTER_SECRET: "rejoin-secret", ADMIN_TOKEN: token },
    token,
  });
  [node1, node2, node3] = [cluster.node(0), cluster.node(1), cluster.node(2)];
});

afterAll(async () => {
  await cluster?.close();
});

/** Writes node3's own keys until every peer has acknowledged them, then wipes node3 while down. */
async function wipeNode3After(writes: number): Promise<number> {
  await resetAll(cluster);
  for (let i = 0; i < writes; i++) await put(node3, `own-${i}`, `old-${i}`);
  await waitForConvergence(cluster);
  await node3.kill9();
  rmSync(node3.dataDir, { recursive: true, force: true });
  return writes;
}

describe("a replica back on an empty disk", () => {
  it("numbers every write it takes after the ones its peers hold, and each replicates", async () => {
    const ownBefore = await wipeNode3After(12);
    await node3.start();
    // Written the moment it answers: each write is refused as rejoining or taken with a new id.
    const taken = new Map<string, string>();
    const refused: string[] = [];
    for (let i = 0; i < 40; i++) {
      const key = `fresh-${i}`;
      const reply = await node3.request("PUT", `/kv/${key}`, { value: `new-${i}` });
      if (reply.status === 200) {
        const write = writeResponseSchema.parse(reply.body);
        expect(write.clock.node3 ?? 0).toBeGreaterThan(ownBefore);
        taken.set(key, `new-${i}`);
      } else {
        expect(reply.status, reply.text).toBe(503);
        expect(errorBodySchema.parse(reply.body).error.code).toBe("rejoining");
        refused.push(key);
      }
    }
    expect(taken.size).toBeGreaterThan(0);
    await waitForConvergence(cluster, 30_000);
    for (const node of cluster.nodes) {
      const { store, rejoining } = await statusOf(node);
      for (const [key, value] of taken)
        expect(store[key]?.[0]?.value, `${key} at ${node.id}`).toBe(value);
      for (const key of refused) expect(store[key], `${key} at ${node.id}`).toBeUndefined();
      for (let i = 0; i < ownBefore; i++) expect(store[`own-${i}`]?.[0]?.value).toBe(`old-${i}`);
      expect(rejoining).toEqual([]);
    }
  }, 90_000);

  it("refuses writes while a peer is down, naming it, and takes them once it answers", async () => {
    await wipeNode3After(3);
    await node2.kill9();
    await node3.start();
    await waitFor(async () => (await statusOf(node3)).rejoining?.join() === "node2", "node1 heard");

    const refused = await node3.request("PUT", "/kv/during", { value: "x" });
    expect(refused.status).toBe(503);
    const { error } = errorBodySchema.parse(refused.body);
    expect(error.code).toBe("rejoining");
    expect(error.message).toContain("node2");
    const deleteRefused = await node3.request("DELETE", "/kv/own-0");
    expect(deleteRefused.status).toBe(503);
    const status = await statusOf(node3);
    expect(status.store.during).toBeUndefined();
    expect(status.store["own-0"]?.[0]?.value).toBe("old-0");

    await node2.start();
    await waitFor(async () => (await statusOf(node3)).rejoining?.length === 0, "node2 heard");
    const write = await put(node3, "after", "y");
    expect(write.clock.node3).toBe(4);
    await waitForConvergence(cluster, 30_000);
    expect((await statusOf(node2)).store.after?.[0]?.value).toBe("y");
  }, 90_000);

  it("still rejoins after a crash that came before its peers answered, and numbers writes after theirs", async () => {
    await wipeNode3After(3);
    await node2.kill9();
    await node3.start();
    await waitFor(async () => (await statusOf(node3)).rejoining?.join() === "node2", "node1 heard");
    // Down again before node2 answered: its disk is no longer empty, but it has not caught up.
    await node3.kill9();
    await node3.start();
    await waitFor(async () => (await statusOf(node3)).rejoining?.join() === "node2", "node1 heard");
    const refused = await node3.request("PUT", "/kv/between", { value: "x" });
    expect(refused.status, refused.text).toBe(503);
    expect(errorBodySchema.parse(refused.body).error.code).toBe("rejoining");

    await node2.start();
    await waitFor(async () => (await statusOf(node3)).rejoining?.length === 0, "node2 heard");
    expect((await put(node3, "after-crash", "y")).clock.node3).toBe(4);
    // Once open, the gate stays open across a restart.
    await node2.kill9();
    await node3.kill9();
    await node3.start();
    expect((await statusOf(node3)).rejoining).toEqual([]);
    expect((await put(node3, "alone-again", "z")).clock.node3).toBe(5);
    await node2.start();
    await waitForConvergence(cluster, 30_000);
  }, 90_000);

  it("gets back its own write that only a peer's causal buffer held", async () => {
    await resetAll(cluster);
    // node2 never hears from node1, and node1 never from node3.
    await setLink(node1, "node2", { partitioned: true });
    await setLink(node3, "node1", { partitioned: true });
    await put(node1, "seen", "1");
    await waitFor(async () => (await statusOf(node3)).store.seen !== undefined, "node3 has it");
    // node3's write saw node1's: node2 holds it in its buffer, waiting for node1's, and so only there.
    const mine = await put(node3, "mine", "3");
    expect(mine.clock).toMatchObject({ node1: 1, node3: 1 });
    await waitFor(async () => (await statusOf(node2)).buffer.length === 1, "node2 buffered it");
    await node3.kill9();
    rmSync(node3.dataDir, { recursive: true, force: true });
    await node3.start();
    // From node2's transfer it holds its write again, from node1's the write that write waited on.
    await waitFor(async () => (await statusOf(node3)).rejoining?.length === 0, "the gate opens");
    expect((await statusOf(node3)).store.mine?.[0]?.value).toBe("3");
    expect((await put(node3, "next", "4")).clock.node3).toBe(2);
    await setLink(node1, "node2", { partitioned: false });
    await waitForConvergence(cluster, 30_000);
  }, 90_000);

  it("a replica restarted on its own disk takes writes at once, whoever is down", async () => {
    await resetAll(cluster);
    await put(node3, "kept", "1");
    await node1.kill9();
    await node2.kill9();
    await node3.kill9();
    await node3.start();
    expect((await statusOf(node3)).rejoining).toEqual([]);
    const write = await put(node3, "alone", "2");
    expect(write.clock.node3).toBe(2);
    await node1.start();
    await node2.start();
    await waitForConvergence(cluster, 30_000);
  }, 90_000);

  it("a context counting its own writes that only an absent peer holds waits for them, not refused as invalid", async () => {
    await resetAll(cluster);
    for (let i = 0; i < 3; i++) await put(node3, `own-${i}`, `old-${i}`);
    await waitForConvergence(cluster);
    // node3's fourth write reaches node2 only; then node3 loses its disk and node2 is down.
    await setLink(node3, "node1", { partitioned: true });
    const fourth = await put(node3, "only-node2", "4");
    expect(fourth.clock.node3).toBe(4);
    await waitFor(async () => (await statusOf(node2)).store["only-node2"] !== undefined, "node2");
    await node3.kill9();
    rmSync(node3.dataDir, { recursive: true, force: true });
    await node2.kill9();
    await node3.start();
    await waitFor(async () => (await statusOf(node3)).rejoining?.join() === "node2", "node1 heard");

    // A client that saw the fourth write asks node3 while it rejoins: not there yet, and coming.
    const { epoch } = await statusOf(node3);
    const context = encodeCausalContext({
      cluster: clusterTag(cluster.nodes.map((node) => node.id)),
      epoch,
      clock: { node3: 4 },
    });
    const read = () =>
      node3.request("GET", "/kv/only-node2?wait=300", undefined, {
        [causalContextHeader]: context,
      });
    const early = await read();
    expect(early.status, early.text).toBe(503);
    expect(errorBodySchema.parse(early.body).error.code).toBe("context-not-reached");

    await node2.start();
    await waitFor(async () => (await statusOf(node3)).rejoining?.length === 0, "node2 heard");
    const later = await read();
    expect(later.status, later.text).toBe(200);
    expect(later.text).toContain('"4"');

    // node1 never got that write from node3 (the partition, then the lost disk), and node2 does
    // not relay node3's writes: node3, now holding it again, will not resend it, which a quiet
    // link's periodic exchange tells node1, so node1 catches up from node3 with nothing written.
    await waitForConvergence(cluster, 30_000);
    expect((await statusOf(node1)).store["only-node2"]?.map((sibling) => sibling.value)).toEqual([
      "4",
    ]);
  }, 90_000);
});
