// ReplicaClient's control calls against real replica processes: link faults, held messages,
// delivery mode and crash (the harness restarts a crashed replica, as the lab does).
import { readFileSync } from "node:fs";
import type { DeliveryMode, JournalEvent } from "@causal-kv/core";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { failureOf } from "./failureOf.testkit.js";
import { type RealReplicas, startReplicas, waitFor } from "./realReplicas.testkit.js";
import type { ReplicaClient } from "./replicaClient.js";
import { replicaNodeFlags } from "./replicaNodeFlags.js";
import { replicaMain } from "./replicaProcess.js";

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

const healthy = { delayMs: 0, jitterMs: 0, dropRate: 0, partitioned: false, hold: false };

async function hasApplied(client: ReplicaClient, origin: string, seq: number): Promise<boolean> {
  return ((await client.status()).clock[origin] ?? 0) >= seq;
}

describe("the processes", () => {
  test("run the replica's build with the replica's Node flags", () => {
    for (const replica of cluster.replicas) {
      const cmdline = readFileSync(`/proc/${replica.pid}/cmdline`, "utf8").split("\0");
      expect(cmdline.slice(1, -1)).toEqual([...replicaNodeFlags, replicaMain]);
    }
  });
});

describe("links", () => {
  test("an update changes only the settings it names and answers the whole link", async () => {
    expect(await node1.setLink("node2", { delayMs: 300 })).toEqual({
      peer: "node2",
      link: { ...healthy, delayMs: 300 },
    });
    expect(await node1.setLink("node2", { dropRate: 0.5, jitterMs: 20 })).toEqual({
      peer: "node2",
      link: { ...healthy, delayMs: 300, dropRate: 0.5, jitterMs: 20 },
    });
    expect((await node1.status()).links).toEqual({
      node2: { ...healthy, delayMs: 300, dropRate: 0.5, jitterMs: 20 },
      node3: healthy,
    });
  });

  test("a link to a replica that is not a peer is refused", async () => {
    const refused = await failureOf(node1.setLink("node9", { hold: true }));
    expect(refused).toMatchObject({ code: "unknown-peer", status: 404 });
    expect(refused.message).toContain("node9");
    const toItself = await failureOf(node1.setLink("node1", { hold: true }));
    expect(toItself).toMatchObject({ code: "unknown-peer", status: 404 });
  });

  test("an out-of-range setting is refused with the reason, and the link is unchanged", async () => {
    await node1.setLink("node3", { delayMs: 100 });
    const refused = await failureOf(node1.setLink("node3", { dropRate: 2 }));
    expect(refused).toMatchObject({ code: "invalid-link", status: 400 });
    expect(refused.message).toContain("dropRate must be between 0 and 1");
    expect((await node1.status()).links.node3).toEqual({ ...healthy, delayMs: 100 });
  });
});

describe("held messages", () => {
  test("a held link keeps messages until each is released or dropped, or the hold is lifted", async () => {
    await node1.setLink("node2", { hold: true });
    await node1.put("x", "1");
    await node1.put("y", "2");
    await waitFor("two held messages", async () => (await node1.held()).held.length === 2);
    const { held } = await node1.held();
    expect(held.map((h) => [h.to, h.message.key, h.message.clock.node1])).toEqual([
      ["node2", "x", 1],
      ["node2", "y", 2],
    ]);
    const [first, second] = held;
    if (!first || !second) throw new Error("expected two held messages");

    const afterRelease = await node1.releaseHeld(first.id);
    expect(afterRelease.held.map((h) => h.id)).toEqual([second.id]);
    await waitFor("node2 to apply x", () => hasApplied(node2, "node1", 1));

    const afterDrop = await node1.dropHeld(second.id);
    expect(afterDrop.held).toEqual([]);
    // A dropped message is lost, not forgotten: still unacknowledged, it is sent again, and the
    // link, still holding, holds it again.
    await waitFor("y to be held again", async () => (await node1.held()).held.length === 1);
    const [again] = (await node1.held()).held;
    expect(again?.id).not.toBe(second.id);
    expect(again?.message).toEqual(second.message);
    expect(await hasApplied(node2, "node1", 2)).toBe(false);

    // Lifting the hold sends on what it held.
    await node1.setLink("node2", { hold: false });
    expect((await node1.held()).held).toEqual([]);
    await waitFor("node2 to apply y once the hold is lifted", () => hasApplied(node2, "node1", 2));
  });

  test("releasing or dropping an id that is not held is refused", async () => {
    const released = await failureOf(node1.releaseHeld("no-such-id"));
    expect(released).toMatchObject({ code: "held-not-found", status: 404 });
    expect(released.message).toContain("no-such-id");
    const dropped = await failureOf(node1.dropHeld("no-such-id"));
    expect(dropped).toMatchObject({ code: "held-not-found", status: 404 });
  });
});

describe("delivery mode", () => {
  test("switching modes is answered, shown in status and journaled", async () => {
    expect(await node3.setMode("naive")).toEqual({ id: "node3", mode: "naive" });
    expect((await node3.status()).mode).toBe("naive");
    expect(await node3.setMode("causal")).toEqual({ id: "node3", mode: "causal" });
    const modes = (await node3.journal()).flatMap((e) => (e.type === "mode" ? [e.mode] : []));
    expect(modes).toEqual(["naive", "causal"]);
  });

  test("in naive mode a write is applied on arrival, even before the write it depends on", async () => {
    await node3.setMode("naive");
    await node1.setLink("node3", { hold: true });
    await node1.put("x", "1");
    await waitFor("node2 to apply x", () => hasApplied(node2, "node1", 1));
    await node2.put("y", "2");
    await waitFor("node3 to apply y", () => hasApplied(node3, "node2", 1));
    expect(await node3.get("x")).toBeUndefined();
    expect((await node3.status()).buffer).toEqual([]);
  });

  test("in causal mode the same write waits in the buffer for its cause", async () => {
    await node1.setLink("node3", { hold: true });
    await node1.put("x", "1");
    await waitFor("node2 to apply x", () => hasApplied(node2, "node1", 1));
    await node2.put("y", "2");
    await waitFor("node3 to buffer y", async () => (await node3.status()).buffer.length === 1);
    expect((await node3.status()).buffer).toMatchObject([
      { origin: "node2", key: "y", waitingFor: ["node1:1"] },
    ]);
    expect(await node3.get("y")).toBeUndefined();
    await node1.setLink("node3", { hold: false });
    for (const { id } of (await node1.held()).held) await node1.releaseHeld(id);
    await waitFor("node3 to apply y", () => hasApplied(node3, "node2", 1));
    expect(await node3.get("x")).toBeDefined();
  });

  test("a mode that does not exist is refused and the mode stays", async () => {
    // A caller outside TypeScript (the CLI's argv, a form) can send any string.
    const refused = await failureOf(node2.setMode("sideways" as unknown as DeliveryMode));
    expect(refused).toMatchObject({ code: "invalid-body", status: 400 });
    expect(refused.message).toContain("delivery");
    expect((await node2.status()).mode).toBe("causal");
  });
});

describe("crash", () => {
  test("a crashed replica answers first, dies, and comes back from disk with its writes", async () => {
    await node1.put("x", "1");
    await waitFor("node3 to apply x", () => hasApplied(node3, "node1", 1));
    const process3 = cluster.replica("node3");
    const starts = process3.starts;

    expect(await node3.crash()).toEqual({ id: "node3", crashing: true });
    await waitFor("node3 to be restarted", () => process3.starts === starts + 1);
    await node2.put("z", "3");
    await waitFor("node3 to answer again", () =>
      node3.health().then(
        (health) => health.ok,
        () => false,
      ),
    );
    await waitFor("node3 to catch up on z", () => hasApplied(node3, "node2", 1));
    expect((await node3.get("x"))?.values.map((s) => s.value)).toEqual(["1"]);
    const journal: JournalEvent[] = await node3.journal();
    const restart = journal.findIndex((e) => e.type === "restart");
    expect(restart).toBeGreaterThan(0);
    expect(journal.slice(0, restart).some((e) => e.type === "deliver")).toBe(true);
  });
});
