import { valuesResponseSchema, writeResponseSchema } from "@causal-kv/protocol";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type CliRun,
  cli,
  freePorts,
  readUntil,
  startCluster,
  type TestCluster,
} from "../replicaCluster.testkit.js";

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startCluster();
});
afterAll(async () => {
  await cluster?.close();
});
beforeEach(async () => {
  expect((await cli(["reset"], cluster.env)).status).toBe(0);
});

describe("put, get and delete", () => {
  it("writes at one replica and reads the value back at another", async () => {
    const put = await cli(["put", "color", "red", "--at", "node2"], cluster.env);
    expect(put).toMatchObject({ status: 0, stderr: [] });
    expect(put.text).toMatch(
      /^node2 wrote color = "red" as node2:1 {3}\[node1:0 node2:1 node3:0\]$/,
    );

    const read = await readWhenThere(["get", "color", "--at", "node3"]);
    expect(read.text).toBe('color = "red"   (node2:1; clock node1:0 node2:1 node3:0)');
  });

  it("writes at the first replica when --at is not given", async () => {
    const put = await cli(["put", "shape", "circle"], cluster.env);
    expect(put.text).toContain("node1 wrote shape");
  });

  it("prints the write and the values as JSON with --json", async () => {
    const put = await cli(["put", "n", "1", "--json"], cluster.env);
    expect(put.status).toBe(0);
    const written = writeResponseSchema.parse(JSON.parse(put.text));
    expect(written).toEqual({
      key: "n",
      value: "1",
      origin: "node1",
      clock: { node1: 1, node2: 0, node3: 0 },
    });

    const read = await readWhenThere(["get", "n", "--at", "node2", "--json"]);
    expect(valuesResponseSchema.parse(JSON.parse(read.text))).toEqual({
      key: "n",
      values: [{ value: "1", origin: "node1", clock: { node1: 1, node2: 0, node3: 0 } }],
      conflict: false,
    });
  });

  it("shows every sibling of a key written concurrently", async () => {
    const cut = ["link", "node1", "node2", "--partition", "--both"];
    expect((await cli(cut, cluster.env)).status).toBe(0);
    await cli(["link", "node1", "node3", "--partition"], cluster.env);
    await cli(["link", "node2", "node3", "--partition"], cluster.env);
    expect((await cli(["put", "x", "red", "--at", "node1"], cluster.env)).status).toBe(0);
    expect((await cli(["put", "x", "blue", "--at", "node2"], cluster.env)).status).toBe(0);
    for (const [from, to] of [
      ["node1", "node2"],
      ["node1", "node3"],
      ["node2", "node3"],
    ]) {
      await cli(["link", from ?? "", to ?? "", "--heal", "--both"], cluster.env);
    }
    const read = await readUntil(
      () => cli(["get", "x", "--at", "node3"], cluster.env),
      (run) => run.stdout.length === 3,
    );
    expect(read.status).toBe(0);
    expect(read.stdout[0]).toBe(
      "x has 2 concurrent values at node3 (a conflict; the next write of x resolves it):",
    );
    expect(read.stdout.slice(1)).toEqual([
      '  "red"   node1:1  clock node1:1 node2:0 node3:0',
      '  "blue"  node2:1  clock node1:0 node2:1 node3:0',
    ]);
  });

  it("deletes a key everywhere: a read then finds no value and exits 1", async () => {
    await cli(["put", "gone", "soon", "--at", "node3"], cluster.env);
    await readWhenThere(["get", "gone", "--at", "node1"]);
    const deleted = await cli(["delete", "gone", "--at", "node1"], cluster.env);
    expect(deleted.status).toBe(0);
    expect(deleted.text).toBe("node1 deleted gone as node1:1   [node1:1 node2:0 node3:1]");
    const read = await cli(["get", "gone", "--at", "node1"], cluster.env);
    expect(read).toMatchObject({
      status: 1,
      stdout: [],
      stderr: ["causal-kv: gone has no value at node1"],
    });
  });

  it("says a missing key has no value, as JSON with --json", async () => {
    const read = await cli(["get", "never", "--json"], cluster.env);
    expect(read.status).toBe(1);
    expect(JSON.parse(read.stderr[0] ?? "")).toMatchObject({
      error: { code: "not-found", message: "never has no value at node1", exitCode: 1 },
    });
  });
});

describe("bad input to the key commands", () => {
  it.each([
    [["put"], "put: missing <key> and <value>"],
    [["put", "k"], "put: missing <value>"],
    [["put", "k", "v", "extra"], 'put: unexpected argument "extra"'],
    [["get", ""], "get: a key must not be empty"],
    [["put", "k".repeat(257), "v"], "put: a key must be at most 256 characters"],
    [["put", "k", "v", "--at"], "put: --at needs a value"],
    [["get", "k", "--colour"], "get: unknown option --colour"],
    [
      ["delete", "k", "--at", "node9"],
      'unknown replica "node9": the replicas are node1, node2, node3',
    ],
  ])("%j exits 2 and writes nothing", async (args, message) => {
    const run = await cli(args, cluster.env);
    expect(run.status).toBe(2);
    expect(run.stdout).toEqual([]);
    expect(run.stderr[0]).toBe(`causal-kv: ${message}`);
    const status = await cli(["status", "--json"], cluster.env);
    const parsed = JSON.parse(status.text) as { replicas: { status: { clock: object } }[] };
    for (const replica of parsed.replicas) {
      expect(replica.status.clock).toEqual({ node1: 0, node2: 0, node3: 0 });
    }
  });

  it("calls a write with no answer indefinite: it may or may not have been applied", async () => {
    cluster.freeze("node2");
    try {
      const run = await cli(["put", "k", "v", "--at", "node2", "--json"], cluster.env);
      expect(run.status).toBe(3);
      expect(JSON.parse(run.stderr[0] ?? "")).toEqual({
        error: {
          code: "indefinite",
          message: `node2 at ${cluster.url("node2")} gave no answer to the write of k (no answer in time). It may or may not have been applied; read the key to find out.`,
          exitCode: 3,
          indefinite: true,
        },
      });
    } finally {
      cluster.thaw("node2");
    }
  });

  it("exits 3 with a sentence when the replica does not answer", async () => {
    const [port] = await freePorts(1);
    const env = { CAUSAL_KV_REPLICAS: `node1=http://127.0.0.1:${port}` };
    const run = await cli(["put", "k", "v"], env);
    expect(run.status).toBe(3);
    expect(run.stderr[0]).toBe(
      `causal-kv: node1 at http://127.0.0.1:${port} is unreachable: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });
});

function readWhenThere(args: string[]): Promise<CliRun> {
  return readUntil(
    () => cli(args, cluster.env),
    (run) => run.status === 0,
  );
}
