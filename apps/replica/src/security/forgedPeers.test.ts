/**
 * The peer attacks of issue 13 against real replica processes with a cluster secret: a forged
 * write posted to /replicate without the secret, or with a wrong one; and, from a peer that has
 * the secret (a compromised or buggy one), a copy of a write whose content differs from the copy
 * applied or buffered, once silently dropped as a duplicate (or, buffered first, taking the real
 * write's slot), now refused as an integrity conflict and logged; and a batch of another replica's
 * writes. Each is refused and the cluster is left as it was.
 */
import type { ValuesResponse } from "@causal-kv/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Cluster,
  put,
  setLink,
  startCluster,
  statusOf,
  waitFor,
  waitForConvergence,
} from "../cluster.testkit.js";
import { acknowledgeWrites, type Baseline, errorCode, expectUnchanged } from "./attacks.testkit.js";

const secret = "the-cluster-secret";
const asPeer = { "x-cluster-secret": secret };
let cluster: Cluster;
let baseline: Baseline;

beforeAll(async () => {
  cluster = await startCluster({ env: { CLUSTER_SECRET: secret } });
  baseline = await acknowledgeWrites(cluster);
});

afterAll(async () => {
  await cluster?.close();
});

/** The acknowledged write of `key`, as every replica holds it. */
async function heldWrite(key: string) {
  const reply = await cluster.node(0).request<ValuesResponse>("GET", `/kv/${key}`);
  const sibling = reply.body.values[0];
  if (!sibling) throw new Error(`no value for ${key}`);
  return { origin: sibling.origin, clock: sibling.clock, key, value: sibling.value };
}

describe("a forged write", () => {
  it("is refused without the cluster secret or with a wrong one", async () => {
    const next = (await statusOf(cluster.node(0))).clock.node1 ?? 0;
    const forged = {
      origin: "node1",
      clock: { node1: next + 1 },
      key: "acked-node1",
      value: "forged",
    };
    const batch = { epoch: 0, from: "node1", messages: [forged] };
    for (const node of cluster.nodes.slice(1)) {
      for (const [headers, status, code] of [
        [{}, 401, "unauthorized"],
        [{ "x-cluster-secret": "guess" }, 403, "forbidden"],
        [{ "x-cluster-secret": secret.slice(0, -1) }, 403, "forbidden"],
        [{ "x-cluster-secret": secret.repeat(100) }, 403, "forbidden"],
      ] as const) {
        for (const body of [forged, batch]) {
          const reply = await node.request("POST", "/replicate", body, headers);
          expect(reply.status, JSON.stringify(headers)).toBe(status);
          expect(errorCode(reply.body)).toBe(code);
        }
      }
    }
    await expectUnchanged(cluster, baseline);
  });
});

describe("a copy of a write that differs from the one held", () => {
  it("is refused as an integrity conflict when the write is applied, and logged", async () => {
    const original = await heldWrite("acked-node1");
    const node2 = cluster.node(1);
    for (const tampered of [
      { ...original, value: "tampered" },
      { ...original, key: "another-key" },
      { ...original, value: null },
      { ...original, clock: { ...original.clock, node3: (original.clock.node3 ?? 0) + 1 } },
    ]) {
      const batch = { epoch: 0, from: "node1", messages: [tampered] };
      const reply = await node2.request("POST", "/replicate", batch, asPeer);
      expect(reply.status, JSON.stringify(tampered)).toBe(409);
      expect(errorCode(reply.body)).toBe("integrity-conflict");
    }
    await waitFor(async () => node2.output.includes("integrity conflict"), "the conflict logged");
    // An exact copy is a duplicate, as before: acknowledged, and nothing changes.
    const copy = await node2.request(
      "POST",
      "/replicate",
      { epoch: 0, from: "node1", messages: [original] },
      asPeer,
    );
    expect(copy.status).toBe(200);
    await expectUnchanged(cluster, baseline);
  });

  it("is refused when the write waits in the buffer, which keeps and then delivers the real one", async () => {
    const [node1, node2, node3] = [cluster.node(0), cluster.node(1), cluster.node(2)];
    await setLink(node1, "node3", { hold: true });
    const first = await put(node1, "chain-a", "real a");
    const second = await put(node1, "chain-b", "real b");
    // Let the second write through alone: node3 buffers it until the first arrives.
    const held = await node1.request<{ held: { id: string; message: { key: string } }[] }>(
      "GET",
      "/control/held",
    );
    const secondHeld = held.body.held.find((entry) => entry.message.key === "chain-b");
    if (!secondHeld) throw new Error(`chain-b is not held: ${held.text}`);
    await node1.request("POST", `/control/held/${secondHeld.id}/release`);
    await waitFor(async () => (await statusOf(node3)).buffer.length === 1, "node3 to buffer b");

    const forged = { origin: "node1", clock: second.clock, key: "chain-b", value: "forged b" };
    const reply = await node3.request(
      "POST",
      "/replicate",
      { epoch: 0, from: "node1", messages: [forged] },
      asPeer,
    );
    expect(reply.status).toBe(409);
    expect(errorCode(reply.body)).toBe("integrity-conflict");
    expect((await statusOf(node3)).buffer).toMatchObject([{ key: "chain-b", value: "real b" }]);

    await setLink(node1, "node3", { hold: false });
    await waitForConvergence(cluster);
    for (const node of [node2, node3]) {
      const b = await node.request<ValuesResponse>("GET", "/kv/chain-b");
      expect(b.body.values).toEqual([{ value: "real b", clock: second.clock, origin: "node1" }]);
      const a = await node.request<ValuesResponse>("GET", "/kv/chain-a");
      expect(a.body.values).toEqual([{ value: "real a", clock: first.clock, origin: "node1" }]);
    }
  });
});

describe("a batch", () => {
  it("carries only its sender's own writes", async () => {
    const original = await heldWrite("acked-node1");
    const reply = await cluster
      .node(2)
      .request("POST", "/replicate", { epoch: 0, from: "node2", messages: [original] }, asPeer);
    expect(reply.status).toBe(400);
    expect(errorCode(reply.body)).toBe("invalid-replicate-body");
  });
});
