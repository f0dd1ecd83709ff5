// A replica behind a reverse proxy at a path prefix: every request the client makes keeps the
// prefix of its base URL, with or without the trailing slash.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import {
  type AnsweringServer,
  answerWith,
  startAnsweringServer,
} from "./answeringServer.testkit.js";
import { failureOf } from "./failureOf.testkit.js";
import { type PrefixProxy, startPrefixProxy } from "./prefixProxy.testkit.js";
import { type RealReplicas, startReplicas, waitFor } from "./realReplicas.testkit.js";
import { ReplicaClient } from "./replicaClient.js";

/** Calls every method once; each fails on the scripted answer, which only its request matters. */
async function callEverything(client: ReplicaClient): Promise<void> {
  const calls: (() => Promise<unknown>)[] = [
    () => client.health(),
    () => client.status(),
    () => client.put("x", "1"),
    () => client.get("a b/c"),
    () => client.delete("x"),
    () => client.setLink("node2", { delayMs: 10 }),
    () => client.held(),
    () => client.releaseHeld("m1"),
    () => client.dropHeld("m2"),
    () => client.setMode("naive"),
    () => client.reset(3),
    () => client.crash(),
    () => client.journal(),
  ];
  // One after another, so the server sees them in this order.
  for (const call of calls) await failureOf(call());
}

const everyRoute = [
  "GET /health",
  "GET /status",
  "PUT /kv/x",
  "GET /kv/a%20b%2Fc",
  "DELETE /kv/x",
  "PUT /control/links/node2",
  "GET /control/held",
  "POST /control/held/m1/release",
  "POST /control/held/m2/drop",
  "POST /control/mode",
  "POST /control/reset",
  "POST /control/crash",
  "GET /events?after=0",
];

describe("every request keeps the base URL's path prefix", () => {
  let server: AnsweringServer | undefined;
  afterEach(() => server?.close());

  test.each([
    ["with a trailing slash", "/replica1/"],
    ["without one", "/replica1"],
    ["two segments deep", "/lab/replica1/"],
  ])("%s", async (_name, prefix) => {
    server = await startAnsweringServer(answerWith(500, "proxy says no"));
    await callEverything(new ReplicaClient(`${server.url}${prefix}`));
    const kept = prefix.replace(/\/$/, "");
    expect(server.requests).toEqual(everyRoute.map((route) => route.replace(" ", ` ${kept}`)));
  });

  test("at the root of the host, the routes are as they were", async () => {
    server = await startAnsweringServer(answerWith(500, "no"));
    await callEverything(new ReplicaClient(`${server.url}/`));
    expect(server.requests).toEqual(everyRoute);
  });

  test('"." and ".." are still refused before sending, under a prefix too', async () => {
    server = await startAnsweringServer(answerWith(500, "no"));
    const client = new ReplicaClient(`${server.url}/replica1/`);
    for (const key of [".", ".."])
      expect(await failureOf(client.put(key, "1"))).toMatchObject({ code: "invalid-key" });
    expect(server.requests).toEqual([]);
  });
});

describe("a real replica behind a prefix-stripping proxy", () => {
  let cluster: RealReplicas;
  let proxy: PrefixProxy;

  beforeAll(async () => {
    cluster = await startReplicas(2);
    proxy = await startPrefixProxy({ "/replica1": cluster.url("node1") });
  });
  afterAll(async () => {
    await proxy?.close();
    await cluster?.stop();
  });

  test("writes, reads, status and the journal go through the proxy; the write replicates", async () => {
    for (const base of [`${proxy.url}/replica1`, `${proxy.url}/replica1/`]) {
      await cluster.reset();
      const node1 = new ReplicaClient(base);
      expect((await node1.health()).ok).toBe(true);
      const written = await node1.put("x", "1");
      expect(written.clock).toEqual({ node1: 1, node2: 0 });
      expect((await node1.get("x"))?.values.map((v) => v.value)).toEqual(["1"]);
      expect((await node1.status()).id).toBe("node1");
      const node2 = cluster.client("node2");
      await waitFor("node2 to receive x", async () => (await node2.get("x")) !== undefined);
      expect((await node1.journal()).map((event) => event.type)).toContain("write");
    }
    expect(proxy.requests.length).toBeGreaterThan(0);
    expect(proxy.requests.filter((r) => !r.split(" ")[1]?.startsWith("/replica1/"))).toEqual([]);
  });
});
