import { heldListSchema, statusResponseSchema } from "@causal-kv/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { cli, readUntil, startCluster, type TestCluster } from "../replicaCluster.testkit.js";

const statusJsonSchema = z.object({
  replicas: z.array(
    z.union([
      z.object({
        id: z.string(),
        url: z.string(),
        up: z.literal(true),
        status: statusResponseSchema,
        held: heldListSchema.shape.held,
      }),
      z.object({ id: z.string(), url: z.string(), up: z.literal(false), unreachable: z.string() }),
    ]),
  ),
});

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startCluster();
});
afterAll(async () => {
  await cluster?.close();
});

describe("reset, link and status on a running cluster", () => {
  it("resets every replica to one new epoch", async () => {
    await cli(["put", "old", "value"], cluster.env);
    const reset = await cli(["reset"], cluster.env);
    expect(reset.status).toBe(0);
    expect(reset.text).toMatch(
      /^reset node1, node2, node3 to epoch (\d+): stores, buffers and journals empty, links healthy, causal delivery$/,
    );
    const epoch = Number(/epoch (\d+)/.exec(reset.text)?.[1]);
    const status = statusJsonSchema.parse(
      JSON.parse((await cli(["status", "--json"], cluster.env)).text),
    );
    for (const replica of status.replicas) {
      expect(replica.up && replica.status.epoch).toBe(epoch);
      expect(replica.up && replica.status.store).toEqual({});
    }
    const again = await cli(["reset", "--json"], cluster.env);
    expect(JSON.parse(again.text)).toEqual({
      epoch: epoch + 1,
      replicas: ["node1", "node2", "node3"],
    });
  });

  it("sets, shows and heals a link's faults", async () => {
    const set = await cli(
      ["link", "node1", "node3", "--delay", "1500", "--jitter", "20", "--drop", "10%"],
      cluster.env,
    );
    expect(set).toMatchObject({
      status: 0,
      stdout: ["node1 → node3: delay 1500 ms, jitter 20 ms, drops 10%"],
    });
    const shown = await cli(["link", "node1", "node3", "--json"], cluster.env);
    expect(JSON.parse(shown.text)).toEqual({
      links: [
        {
          from: "node1",
          to: "node3",
          link: { delayMs: 1500, jitterMs: 20, dropRate: 0.1, partitioned: false, hold: false },
          released: [],
        },
      ],
    });
    const both = await cli(
      ["link", "node2", "node3", "--partition", "--hold", "--both"],
      cluster.env,
    );
    expect(both.stdout).toEqual([
      "node2 → node3: partitioned, holding messages",
      "node3 → node2: partitioned, holding messages",
    ]);
    const lifted = await cli(
      ["link", "node2", "node3", "--no-partition", "--no-hold"],
      cluster.env,
    );
    expect(lifted.stdout).toEqual(["node2 → node3: healthy"]);
    const healed = await cli(["link", "node1", "node3", "--heal"], cluster.env);
    expect(healed.stdout).toEqual(["node1 → node3: healthy"]);
    await cli(["link", "node3", "node2", "--heal"], cluster.env);
  });

  it.each([
    [["link", "node1"], "link: missing <to>"],
    [
      ["link", "node1", "node1", "--delay", "5"],
      "link: a link joins two different replicas, not node1 to itself",
    ],
    [["link", "node1", "node7"], 'unknown replica "node7": the replicas are node1, node2, node3'],
    [
      ["link", "node1", "node2", "--delay", "soon"],
      '--delay must be a number of milliseconds from 0 to 600000, not "soon"',
    ],
    [
      ["link", "node1", "node2", "--delay", "600001"],
      '--delay must be a number of milliseconds from 0 to 600000, not "600001"',
    ],
    [
      ["link", "node1", "node2", "--jitter", "1e3"],
      '--jitter must be a number of milliseconds from 0 to 600000, not "1e3"',
    ],
    [
      ["link", "node1", "node2", "--drop", "1.5"],
      '--drop must be a rate from 0 to 1 (or 0% to 100%), not "1.5"',
    ],
    [
      ["link", "node1", "node2", "--drop", "-1"],
      "link: --drop needs a value (--drop=-1 for one that starts with -)",
    ],
    [
      ["link", "node1", "node2", "--drop=-1"],
      '--drop must be a rate from 0 to 1 (or 0% to 100%), not "-1"',
    ],
    [["link", "node1", "node2", "--partition=yes"], "link: --partition takes no value"],
    [
      ["link", "node1", "node2", "--heal", "--delay", "5"],
      "link: --heal sets every fault off; give it without other settings",
    ],
    [["reset", "now"], 'reset: unexpected argument "now"'],
    [["status", "node4"], 'unknown replica "node4": the replicas are node1, node2, node3'],
  ])("%j exits 2 and changes no link", async (args, message) => {
    const run = await cli(args, cluster.env);
    expect(run.status).toBe(2);
    expect(run.stdout).toEqual([]);
    expect(run.stderr[0]).toBe(`causal-kv: ${message}`);
    const status = statusJsonSchema.parse(
      JSON.parse((await cli(["status", "--json"], cluster.env)).text),
    );
    for (const replica of status.replicas) {
      const links = replica.up ? Object.values(replica.status.links) : [];
      expect(links.every((link) => link.delayMs === 0 && !link.partitioned)).toBe(true);
    }
  });

  it("prints clocks, stores side by side, the buffer and faulty links", async () => {
    await cli(["reset"], cluster.env);
    await cli(["put", "x", "1", "--at", "node1"], cluster.env);
    await cli(["link", "node1", "node3", "--hold"], cluster.env);
    await cli(["put", "y", "2", "--at", "node1"], cluster.env);
    // node2 writes z after seeing y; node3 gets z but not y, which node1 holds back.
    await readUntil(
      () => cli(["get", "y", "--at", "node2"], cluster.env),
      (run) => run.status === 0,
    );
    await cli(["put", "z", "3", "--at", "node2"], cluster.env);
    const status = await readUntil(
      () => cli(["status"], cluster.env),
      (run) =>
        run.text.includes("waiting for") &&
        /node3:1\n/.test(run.text) &&
        /unacked\n.*\n.* {2}0\n/.test(run.text),
    );
    expect(status.status).toBe(0);
    expect(status.stdout.slice(0, 4)).toEqual([
      "replica  mode    epoch  clock                    keys  buffered  unacked",
      expect.stringMatching(
        /^node1 {4}causal {2}\d+ +node1:2 node2:1 node3:0 {2}3 {5}0 {9}node3:1$/,
      ),
      expect.stringMatching(/^node2 {4}causal {2}\d+ +node1:2 node2:1 node3:0 {2}3 {5}0 {9}0$/),
      expect.stringMatching(/^node3 {4}causal {2}\d+ +node1:1 node2:0 node3:0 {2}1 {5}1 {9}0$/),
    ]);
    expect(status.stdout.slice(5)).toEqual([
      "key  node1  node2  node3",
      'x    "1"    "1"    "1"',
      'y    "2"    "2"    -',
      'z    "3"    "3"    -',
      "",
      "buffer",
      '  node3 holds node2:1 z = "3", waiting for node1:2',
      "",
      "links (all others healthy)",
      "  node1 → node3: holding messages",
      "",
      "held on links (causal-kv link <from> <to> --release sends them)",
      "  node1 → node3: node1:2",
    ]);
    const released = await cli(["link", "node1", "node3", "--no-hold", "--release"], cluster.env);
    expect(released.stdout).toEqual(["node1 → node3: healthy", "node1 → node3: released node1:2"]);
    const settled = await readUntil(
      () => cli(["status"], cluster.env),
      (run) => !run.text.includes("buffer\n"),
    );
    expect(settled.stdout.slice(5, 9)).toEqual([
      "key  node1  node2  node3",
      'x    "1"    "1"    "1"',
      'y    "2"    "2"    "2"',
      'z    "3"    "3"    "3"',
    ]);
  });

  it("shows only the replicas named", async () => {
    const run = await cli(["status", "node2", "--json"], cluster.env);
    const parsed = statusJsonSchema.parse(JSON.parse(run.text));
    expect(parsed.replicas.map((r) => r.id)).toEqual(["node2"]);
  });

  it("still shows the others when a replica is down, and exits 3 saying which", async () => {
    await cli(["reset"], cluster.env);
    await cluster.stop("node3");
    const run = await cli(["status"], cluster.env);
    expect(run.status).toBe(3);
    expect(run.stdout[3]).toBe(
      "node3    DOWN    -      (no answer)              -     -         -",
    );
    const port = new URL(cluster.url("node3")).port;
    expect(run.stderr).toEqual([
      `causal-kv: node3 at ${cluster.url("node3")} is unreachable: connect ECONNREFUSED 127.0.0.1:${port}`,
      "is the cluster running? `npm start` starts node1..node3 on ports 5001-5003",
    ]);

    const json = await cli(["status", "--json"], cluster.env);
    expect(json.status).toBe(3);
    const parsed = statusJsonSchema.parse(JSON.parse(json.text));
    expect(parsed.replicas.map((r) => r.up)).toEqual([true, true, false]);
    expect(JSON.parse(json.stderr[0] ?? "")).toMatchObject({
      error: { code: "unreachable", exitCode: 3 },
    });

    const reset = await cli(["reset"], cluster.env);
    expect(reset.status).toBe(3);
    expect(reset.stderr[0]).toContain("node3 at");
  });
});
