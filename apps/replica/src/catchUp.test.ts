/**
 * Catch-up by state transfer with real processes: a replica whose data directory is deleted while
 * it is down comes back empty, in epoch 0, while its peers have pruned what it had acknowledged;
 * it fetches a peer's state (peer-authenticated like /replicate), merges it, and converges with
 * every acknowledged write readable there, numbering its own next write after its old ones.
 */
import { rmSync } from "node:fs";
import { stateTransferSchema } from "@causal-kv/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Cluster,
  journalOf,
  put,
  type ReplicaProcess,
  resetAll,
  startCluster,
  statusOf,
  waitFor,
  waitForConvergence,
} from "./cluster.testkit.js";

const secret = "catch-up-secret";
const token = "catch-up-admin";
let cluster: Cluster;
let node1: ReplicaProcess;
let node2: ReplicaProcess;
let node3: ReplicaProcess;

beforeAll(async () => {
  cluster = await startCluster({ env: { CLUSTER_SECRET: secret, ADMIN_TOKEN: token }, token });
  [node1, node2, node3] = [cluster.node(0), cluster.node(1), cluster.node(2)];
});

afterAll(async () => {
  await cluster?.close();
});

/** Whether every replica has acknowledged every write of every other (outboxes pruned). */
async function allAcknowledged(): Promise<boolean> {
  const statuses = await Promise.all(cluster.nodes.map(statusOf));
  return statuses.every((status) => Object.values(status.unacknowledged).every((n) => n === 0));
}

describe("a replica whose data directory was deleted", () => {
  it("catches up from a peer and converges, every acknowledged write readable there", async () => {
    // A later epoch than the empty database's 0: the wiped replica must move to it, too.
    const epoch = await resetAll(cluster);
    const acknowledged = new Map<string, string>();
    for (let i = 0; i < 30; i++) {
      const node = cluster.node(i % 3);
      await put(node, `before-${i}`, `${node.id}-${i}`);
      acknowledged.set(`before-${i}`, `${node.id}-${i}`);
    }
    await waitForConvergence(cluster);
    await waitFor(allAcknowledged, "every write acknowledged by every peer");
    const ownBefore = (await statusOf(node3)).clock.node3 ?? 0;
    expect(ownBefore).toBe(10);

    await node3.kill9();
    rmSync(node3.dataDir, { recursive: true, force: true });
    for (let i = 0; i < 20; i++) {
      const node = i % 2 === 0 ? node1 : node2;
      await put(node, `while-down-${i}`, `v${i}`);
      acknowledged.set(`while-down-${i}`, `v${i}`);
    }
    // Let the peers prune what node3 had acknowledged before it lost its disk.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const restarted = Date.now();
    await node3.start();
    await waitForConvergence(cluster, 30_000);
    expect(Date.now() - restarted).toBeLessThan(30_000);
    expect((await statusOf(node3)).epoch).toBe(epoch);
    for (const [key, value] of acknowledged) {
      const reply = await node3.request<{ values: { value: string }[] }>("GET", `/kv/${key}`);
      expect(reply.status, key).toBe(200);
      expect(reply.body.values.map((sibling) => sibling.value)).toEqual([value]);
    }
    const catchUps = (await journalOf(node3)).filter((event) => event.type === "catch-up");
    expect(catchUps.length).toBeGreaterThanOrEqual(1);
    expect(catchUps[0]).toMatchObject({ type: "catch-up", clock: { node3: ownBefore } });

    // The merge is durable: a kill -9 brings back the same state, from its own rows.
    const merged = await statusOf(node3);
    await node3.kill9();
    await node3.start();
    const back = await statusOf(node3);
    expect(back.clock).toEqual(merged.clock);
    expect(JSON.stringify(back.store)).toBe(JSON.stringify(merged.store));
    expect(back.applied).toEqual(merged.applied);

    // Its own writes came back with the transfer: the next one is numbered after them.
    const next = await put(node3, "after", "yes");
    expect(next.clock.node3).toBe(ownBefore + 1);
    await waitForConvergence(cluster);
    expect((await statusOf(node1)).store.after?.[0]?.value).toBe("yes");
  }, 90_000);
});

describe("GET /replicate/state", () => {
  it("is for peers only: refused without the cluster secret or with a wrong one", async () => {
    const noSecret = await node1.request("GET", "/replicate/state");
    expect(noSecret.status).toBe(401);
    const wrong = await node1.request("GET", "/replicate/state", undefined, {
      "x-cluster-secret": "wrong",
    });
    expect(wrong.status).toBe(403);
    const peer = await node1.request("GET", "/replicate/state", undefined, {
      "x-cluster-secret": secret,
      authorization: undefined,
    });
    expect(peer.status).toBe(200);
    const state = stateTransferSchema.parse(peer.body);
    const status = await statusOf(node1);
    expect(state).toMatchObject({ from: "node1", epoch: status.epoch, clock: status.clock });
    expect(JSON.stringify(state.store)).toBe(JSON.stringify(status.store));
  });
});
