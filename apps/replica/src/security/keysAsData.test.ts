/**
 * Keys are data, never object properties, on real replica processes: keys named after
 * Object.prototype's members (a key `__proto__` was once lost on restart) are written, read,
 * replicated, listed in /status (as the replica sends it and as the protocol parses it), and
 * survive a kill -9 and restart, on every replica alike.
 */
import { statusResponseSchema, type ValuesResponse } from "@causal-kv/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, put, startCluster, waitForConvergence } from "../cluster.testkit.js";

const keys = [
  "__proto__",
  "constructor",
  "hasOwnProperty",
  "toString",
  "valueOf",
  "__defineGetter__",
  "isPrototypeOf",
  "prototype",
];
let cluster: Cluster;

beforeAll(async () => {
  cluster = await startCluster();
});

afterAll(async () => {
  await cluster?.close();
});

async function expectEveryKey(): Promise<void> {
  for (const node of cluster.nodes) {
    for (const key of keys) {
      const reply = await node.request<ValuesResponse>("GET", `/kv/${encodeURIComponent(key)}`);
      expect(reply.status, `${key} at ${node.id}`).toBe(200);
      expect(reply.body.values.map((sibling) => sibling.value)).toEqual([`value of ${key}`]);
    }
    const status = await node.request("GET", "/status");
    const raw = JSON.parse(status.text) as { store: object };
    expect(Object.keys(raw.store).sort()).toEqual([...keys, "plain"].sort());
    const parsed = statusResponseSchema.parse(JSON.parse(status.text));
    expect(Object.keys(parsed.store).sort()).toEqual([...keys, "plain"].sort());
    expect(Object.getOwnPropertyDescriptor(parsed.store, "__proto__")?.value).toHaveLength(1);
  }
}

describe("keys named after Object.prototype's members", () => {
  it("are written, read, replicated and listed like any other key", async () => {
    for (const [i, key] of keys.entries()) {
      await put(cluster.node(i % 3), key, `value of ${key}`);
    }
    await put(cluster.node(0), "plain", "value of plain");
    await waitForConvergence(cluster);
    await expectEveryKey();
  });

  it("survive a kill -9 and restart of every replica", async () => {
    for (const node of cluster.nodes) {
      await node.kill9();
      await node.start();
    }
    await waitForConvergence(cluster);
    await expectEveryKey();
  });
});
