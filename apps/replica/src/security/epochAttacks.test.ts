/**
 * Epochs under attack and under any sequence of operator calls, with real replica processes. Two
 * resets (`{"epoch": 2^53 - 1}`, then an empty one) once left an epoch the replica refused to load,
 * so it crash-looped; now the second reset is refused, and a replica loads whatever epoch its
 * database holds. And whatever the operator does (resets of any replica, to any epoch, crashes,
 * partitions) while clients write, the cluster converges, and every write a replica acknowledged
 * in the epoch the cluster ends in is on every replica: a stale-epoch answer is never an ack.
 */

import { join } from "node:path";
import { seededRandom } from "@causal-kv/core";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Cluster,
  put,
  type ReplicaProcess,
  setLink,
  startCluster,
  statusOf,
  waitFor,
  waitForConvergence,
} from "../cluster.testkit.js";
import { acknowledgeWrites, errorCode, expectUnchanged } from "./attacks.testkit.js";

const adminToken = "epoch-operator-token";
let cluster: Cluster;

beforeAll(async () => {
  cluster = await startCluster({ env: { ADMIN_TOKEN: adminToken }, token: adminToken });
});

afterAll(async () => {
  await cluster?.close();
});

const maxEpoch = Number.MAX_SAFE_INTEGER;

async function allEpochs(): Promise<number[]> {
  return (await Promise.all(cluster.nodes.map(statusOf))).map((status) => status.epoch);
}

async function healAll(): Promise<void> {
  for (const from of cluster.nodes) {
    for (const to of cluster.nodes) {
      if (from !== to) await setLink(from, to.id, { partitioned: false, hold: false });
    }
  }
}

describe("after any sequence of operator calls", () => {
  // Replay a failure with its seed: EPOCH_SEED=<seed> npx vitest run src/security/epochAttacks.
  const seed = Number(process.env.EPOCH_SEED ?? Date.now() % 1_000_000);

  it(`converges and keeps every write acknowledged in its last epoch (seed ${seed})`, async () => {
    const random = seededRandom(seed).next;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    /** Writes acknowledged by a replica that was in the same epoch before and after it. */
    const acknowledged: { epoch: number; key: string; value: string; at: string }[] = [];
    const steps: string[] = [];
    for (let step = 0; step < 40; step++) {
      const node = pick(cluster.nodes);
      const roll = random();
      if (roll < 0.55) {
        const key = `k${step}`;
        const before = (await statusOf(node)).epoch;
        await put(node, key, `v${step}`);
        const after = (await statusOf(node)).epoch;
        if (before === after)
          acknowledged.push({ epoch: after, key, value: `v${step}`, at: node.id });
        steps.push(`write ${key} at ${node.id} (epoch ${before}→${after})`);
      } else if (roll < 0.7) {
        const epochs = await allEpochs();
        const body = pick([
          {},
          { epoch: Math.max(...epochs) + 1 },
          { epoch: (await statusOf(node)).epoch },
        ]);
        const reply = await node.request("POST", "/control/reset", body);
        const asked = "epoch" in body ? body.epoch : undefined;
        if (reply.status === 409 && asked !== undefined) {
          // Between reading its epoch and the reset, the replica caught up with a peer already in
          // a newer one: an older epoch is refused, and that is the only refusal allowed here.
          expect(errorCode(reply.body), reply.text).toBe("epoch-not-newer");
          expect((await statusOf(node)).epoch).toBeGreaterThan(asked);
        } else expect(reply.status, reply.text).toBe(200);
        steps.push(`reset ${node.id} ${JSON.stringify(body)} → ${reply.text}`);
      } else if (roll < 0.85) {
        const to = pick(cluster.nodes.filter((other) => other !== node));
        const partitioned = random() < 0.6;
        await setLink(node, to.id, { partitioned });
        steps.push(`${partitioned ? "partition" : "heal"} ${node.id}→${to.id}`);
      } else {
        await node.kill9();
        await node.start();
        steps.push(`kill -9 and restart ${node.id}`);
      }
    }
    // The last writes, some behind partitions still: the ones the last epoch must keep, at least.
    for (const node of cluster.nodes) {
      const key = `last-${node.id}`;
      const before = (await statusOf(node)).epoch;
      await put(node, key, `v-${key}`);
      if ((await statusOf(node)).epoch === before) {
        acknowledged.push({ epoch: before, key, value: `v-${key}`, at: node.id });
      }
    }
    await healAll();
    const explain = () => steps.join("\n");
    await waitFor(
      async () => new Set(await allEpochs()).size === 1,
      `one epoch:\n${explain()}`,
      20_000,
    );
    await waitForConvergence(cluster, 20_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\nafter:\n${explain()}`);
    });
    const [epoch] = await allEpochs();
    const kept = acknowledged.filter((write) => write.epoch === epoch);
    expect(kept.length).toBeGreaterThan(0);
    for (const node of cluster.nodes) {
      const { store } = await statusOf(node);
      for (const write of kept) {
        expect(
          store[write.key]?.map((sibling) => sibling.value),
          `${write.key} (acknowledged by ${write.at} in epoch ${epoch}) at ${node.id}\n${explain()}`,
        ).toEqual([write.value]);
      }
    }
    // Each crash is a process start: seconds each on a busy machine.
  }, 300_000);
});

describe("an epoch pushed to the end of the range", () => {
  it("is refused past 2^53 - 1, and a replica loads whatever epoch it stored, without looping", async () => {
    await healAll();
    const baseline = await acknowledgeWrites(cluster, "before-the-attack");
    const node1 = cluster.node(0);
    const past = await node1.request("POST", "/control/reset", '{"epoch":9007199254740992}');
    expect(past.status).toBe(400);
    expect(errorCode(past.body)).toBe("invalid-body");
    await expectUnchanged(cluster, baseline);

    // The attack's first reset is an operator's right: the cluster moves to the last epoch.
    const last = await node1.request("POST", "/control/reset", { epoch: maxEpoch });
    expect(last.body).toEqual({ id: "node1", epoch: maxEpoch });
    await waitFor(
      async () => (await allEpochs()).every((epoch) => epoch === maxEpoch),
      "max epoch",
    );
    const atEnd = await acknowledgeWrites(cluster, "at-the-end");

    // Its second reset, which once stored 2^53 and left the replica unable to load it: refused.
    for (const node of cluster.nodes) {
      const reply = await node.request("POST", "/control/reset");
      expect(reply.status).toBe(409);
      expect(errorCode(reply.body)).toBe("epoch-out-of-range");
    }
    await node1.kill9();
    await node1.start();
    await expectUnchanged(cluster, atEnd);

    // A database that holds an epoch past the range, as that old replica wrote it, still loads.
    const node2 = cluster.node(1);
    for (const stored of ["9007199254740992", "9007199254740993", "18014398509481984"]) {
      await node2.kill9();
      storeEpoch(node2, stored);
      await node2.start();
      expect((await statusOf(node2)).epoch).toBe(maxEpoch);
    }
    await expectUnchanged(cluster, atEnd);
    await put(node1, "still-writing", "yes");
    await waitForConvergence(cluster);
  });
});

/** Writes `epoch` as the stored epoch of a stopped replica's database. */
function storeEpoch(node: ReplicaProcess, epoch: string): void {
  const db = new Database(join(node.dataDir, "replica.sqlite"));
  try {
    db.prepare("UPDATE meta SET value = ? WHERE name = 'epoch'").run(epoch);
  } finally {
    db.close();
  }
}
