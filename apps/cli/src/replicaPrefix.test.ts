// Replicas behind a reverse proxy, each under its own path prefix: the CLI's requests and its live
// streams (Socket.IO under the prefix, not a namespace) all go through the prefix.
import { type PrefixProxy, startPrefixProxy } from "@causal-kv/client/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  cli,
  cliUntilStopped,
  eventually,
  startCluster,
  type TestCluster,
} from "./replicaCluster.testkit.js";

let cluster: TestCluster;
let proxy: PrefixProxy;
let env: Record<string, string>;
const ids = ["node1", "node2", "node3"];

beforeAll(async () => {
  cluster = await startCluster();
  proxy = await startPrefixProxy(
    Object.fromEntries(ids.map((id, i) => [`/replica${i + 1}`, cluster.url(id)])),
  );
  // With and without the trailing slash.
  const list = ids.map((id, i) => `${id}=${proxy.url}/replica${i + 1}${i === 0 ? "/" : ""}`);
  env = { CAUSAL_KV_REPLICAS: list.join(",") };
});
afterAll(async () => {
  await proxy?.close();
  await cluster?.close();
});

it("writes, reads and watches through the proxy; every request keeps its replica's prefix", async () => {
  expect((await cli(["reset"], env)).status).toBe(0);
  const watch = cliUntilStopped(["watch", "node3"], env);
  await eventually(() => watch.stdout.some((line) => line.includes("connected:")), "a snapshot");
  expect((await cli(["put", "x", "1", "--at", "node1"], env)).status).toBe(0);
  await eventually(
    () => watch.stdout.some((line) => line.includes('node3  deliver   node1:1 x = "1"')),
    "node3's delivery of x, on its stream",
  );
  expect(await watch.stop()).toBe(0);
  const read = await cli(["get", "x", "--at", "node3"], env);
  expect(read.stdout[0]).toMatch(/^x = "1" /);

  const paths = proxy.requests.map((request) => request.split(" ")[1] ?? "");
  expect(paths.filter((path) => !/^\/replica[123]\//.test(path))).toEqual([]);
  expect(paths).toContainEqual(expect.stringMatching(/^\/replica3\/socket\.io\/\?/));
  expect(paths).toContain("/replica1/kv/x");
});

it("still refuses an address with a query or a fragment (exit 2)", async () => {
  for (const url of [`${proxy.url}/replica1?x=1`, `${proxy.url}/replica1#top`]) {
    const run = await cli(["status"], { CAUSAL_KV_REPLICAS: `node1=${url}` });
    expect(run.status).toBe(2);
    expect(run.stderr[0]).toBe(
      `causal-kv: CAUSAL_KV_REPLICAS is not a replica list: node1's address "${url}" is not http://host:port (with a path, if a proxy serves it under one)`,
    );
  }
});
