import { journalEventSchema, streamSnapshotSchema } from "@causal-kv/protocol";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  cli,
  cliUntilStopped,
  eventually,
  freePorts,
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

const time = String.raw`\d\d:\d\d:\d\d\.\d{3}`;

describe("watch", () => {
  it("prints each replica's snapshot, then every event as a line, until stopped", async () => {
    const watch = cliUntilStopped(["watch"], cluster.env);
    await eventually(
      () => watch.stdout.filter((line) => line.includes("connected:")).length === 3,
      "three snapshots",
    );
    expect(watch.stdout[0]).toBe("watching node1, node2, node3; Ctrl-C stops");
    expect(watch.stdout).toContainEqual(
      expect.stringMatching(
        /^ {14}node2 {2}connected: epoch \d+, causal delivery, 0 keys, 0 buffered {3}\[node1:0 node2:0 node3:0\]$/,
      ),
    );

    await cli(["link", "node1", "node3", "--delay", "400"], cluster.env);
    await cli(["put", "x", "1", "--at", "node1"], cluster.env);
    await eventually(
      () => watch.stdout.some((line) => line.includes("node3  deliver   node1:1")),
      "node3 delivering x",
    );
    expect(await watch.stop()).toBe(0);

    const events = watch.stdout.filter((line) => new RegExp(`^${time}  `).test(line));
    expect(events).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(`^${time}  node1  write     node1:1 x = "1"   \\[node1:1 node2:0 node3:0\\]$`),
        ),
        expect.stringMatching(
          new RegExp(
            `^${time}  node1  send      node1:1 x = "1" → node2, node3   \\[node1:1 node2:0 node3:0\\]$`,
          ),
        ),
        expect.stringMatching(
          new RegExp(`^${time}  node3  receive   node1:1 x = "1"   \\[node1:0 node2:0 node3:0\\]$`),
        ),
        expect.stringMatching(
          new RegExp(`^${time}  node3  deliver   node1:1 x = "1"   \\[node1:1 node2:0 node3:0\\]$`),
        ),
      ]),
    );
    expect(watch.stdout).toContain("              node1  links: → node3 delay 400 ms");
  });

  it("shows a write waiting in the buffer and what it waits for", async () => {
    await cli(["link", "node1", "node3", "--hold"], cluster.env);
    const watch = cliUntilStopped(["watch", "node3"], cluster.env);
    await eventually(() => watch.stdout.some((line) => line.includes("connected:")), "a snapshot");
    await cli(["put", "x", "1", "--at", "node1"], cluster.env);
    await eventually(
      async () => (await cli(["get", "x", "--at", "node2"], cluster.env)).status === 0,
      "x at node2",
    );
    await cli(["put", "y", "2", "--at", "node2"], cluster.env);
    // Not just "buffer": the snapshot line says "0 buffered" before anything arrived.
    const buffering = 'node3  buffer    node2:1 y = "2", waiting for node1:1';
    await eventually(
      () => watch.stdout.some((line) => line.includes(buffering)),
      "node3 buffering y",
    );
    await cli(["link", "node1", "node3", "--no-hold", "--release"], cluster.env);
    await eventually(
      () =>
        watch.stdout.some((line) =>
          / deliver {3}node2:1 y = "2", after [\d.]+ m?s in the buffer /.test(line),
        ),
      "node3 delivering y from its buffer",
    );
    await watch.stop();
    // Only node3 was watched.
    expect(watch.stdout.some((line) => / node1 {2}write /.test(line))).toBe(false);
  });

  it("says which messages a replica holds on its links when it connects", async () => {
    await cli(["link", "node1", "node2", "--hold"], cluster.env);
    await cli(["put", "x", "1", "--at", "node1"], cluster.env);
    const watch = cliUntilStopped(["watch", "node1"], cluster.env);
    await eventually(() => watch.stdout.some((line) => line.includes("holds")), "the held list");
    await watch.stop();
    const connected = watch.stdout.findIndex((line) => line.includes("node1  connected:"));
    expect(connected).toBeGreaterThan(0);
    expect(watch.stdout[connected + 1]).toBe("              node1  holds 1: node1:1 → node2");
  });

  it("prints one JSON object per line with --json and stops after --count events", async () => {
    const watch = cliUntilStopped(["watch", "node1", "--json", "--count", "2"], cluster.env);
    await eventually(() => watch.stdout.length >= 1, "a snapshot line");
    await cli(["put", "k", "v", "--at", "node1"], cluster.env);
    expect(await watch.done).toBe(0);
    const lines = watch.stdout.map(
      (line) => JSON.parse(line) as { replica: string; kind: string; data: unknown },
    );
    expect(lines[0]).toMatchObject({ replica: "node1", kind: "snapshot" });
    const events = lines
      .filter((line) => line.kind === "event")
      .map((line) => journalEventSchema.parse(line.data));
    expect(events.map((event) => event.type)).toEqual(["write", "send"]);
    expect(events[0]).toMatchObject({
      replica: "node1",
      message: { key: "k", value: { preview: "v", cut: false, bytes: 1 } },
    });
  });

  it("replays the recent journal with --history, counting it", async () => {
    await cli(["put", "before", "1", "--at", "node2"], cluster.env);
    const watch = cliUntilStopped(["watch", "node2", "--history", "--count", "1"], cluster.env);
    expect(await watch.done).toBe(0);
    expect(watch.stdout.at(-1)).toMatch(
      new RegExp(`^${time}  node2  write     node2:1 before = "1"`),
    );
  });

  it("reports a replica that goes down, and after the reconnect prints what it missed", async () => {
    const text = cliUntilStopped(["watch"], cluster.env);
    const json = cliUntilStopped(["watch", "node3", "--json"], cluster.env);
    await eventually(
      () =>
        text.stdout.filter((line) => line.includes("connected:")).length === 3 &&
        json.stdout.length === 1,
      "the snapshots",
    );
    const run = await cli(["scenario", "crash-and-recover"], cluster.env);
    expect(run.status).toBe(0);
    // The watchers retry on their own schedule and may come back after the scenario ends.
    const connections = (lines: string[], pattern: RegExp) =>
      lines.filter((line) => pattern.test(line)).length;
    await eventually(
      () =>
        connections(text.stdout, /^ {14}node3 {2}connected:/) >= 3 &&
        connections(json.stdout, /"kind":"snapshot"/) >= 3,
      "both watchers reconnecting to node3",
    );
    await text.stop();
    await json.stop();

    const down = text.stdout.findIndex((line) =>
      /^ {14}node3 {2}disconnected \(.+\); reconnecting…$/.test(line),
    );
    const restart = text.stdout.findIndex((line) =>
      / node3 {2}restart {3}restarted from its database/.test(line),
    );
    expect(down).toBeGreaterThan(0);
    // The restart happened while node3 was away: it comes from the snapshot after the reconnect.
    expect(restart).toBeGreaterThan(down);

    // Every event of node3's journal since the scenario's reset, each exactly once, in order.
    let epoch = -1;
    let seqs: number[] = [];
    for (const line of json.stdout) {
      const { kind, data } = JSON.parse(line) as { kind: string; data: unknown };
      if (kind === "snapshot") {
        const snapshot = streamSnapshotSchema.parse(data);
        if (snapshot.status.epoch !== epoch) seqs = [];
        epoch = snapshot.status.epoch;
      } else if (kind === "event") {
        seqs.push(journalEventSchema.parse(data).seq);
      }
    }
    expect(json.stdout.some((line) => JSON.parse(line).kind === "down")).toBe(true);
    expect(seqs.length).toBeGreaterThan(5);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  });

  it("exits 3 at once when a replica does not answer, and 2 on a bad --count", async () => {
    const [port] = await freePorts(1);
    const env = {
      CAUSAL_KV_REPLICAS: `${cluster.env.CAUSAL_KV_REPLICAS},node4=http://127.0.0.1:${port}`,
    };
    const down = await cli(["watch"], env);
    expect(down.status).toBe(3);
    expect(down.stdout).toEqual([]);
    expect(down.stderr[0]).toBe(
      `causal-kv: node4 at http://127.0.0.1:${port} is unreachable: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    const bad = await cli(["watch", "--count", "many"], cluster.env);
    expect(bad.status).toBe(2);
    expect(bad.stderr[0]).toBe(
      'causal-kv: --count must be a whole number of at least 1, not "many"',
    );
  });
});
