/**
 * Bounded on real processes: a replica keeps a bounded journal and names values by digest, so 200
 * writes of 512 KiB to one key leave each data directory under 64 MiB and `/events` answering; a
 * cursor before what compaction kept gets a page that says where the journal now starts; a viewer
 * that asks for snapshot after snapshot without reading costs the replica one, not one per ask.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  type ClientToServerEvents,
  eventsPageSchema,
  journalCompactedBefore,
  type ServerToClientEvents,
} from "@causal-kv/protocol";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Cluster,
  put,
  type ReplicaProcess,
  startCluster,
  waitFor,
  waitForConvergence,
} from "./cluster.testkit.js";

const maxEvents = 300;
let cluster: Cluster;
const sockets: Socket[] = [];

beforeAll(async () => {
  cluster = await startCluster({
    env: { JOURNAL_MAX_EVENTS: String(maxEvents), SQLITE_SYNCHRONOUS: "NORMAL" },
  });
});

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await cluster?.close();
});

/** Bytes of every file in `dir` (the database, its WAL and shared memory). */
function directoryBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

/** Resident memory of a process, from /proc. */
function residentBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB$/m);
  if (!line?.[1]) throw new Error(`no VmRSS for ${pid}`);
  return Number(line[1]) * 1024;
}

async function page(node: ReplicaProcess, after: number) {
  const reply = await node.request("GET", `/events?after=${after}&limit=1000`);
  expect(reply.status, reply.text.slice(0, 200)).toBe(200);
  return eventsPageSchema.parse(reply.body);
}

describe("a replica's disk and memory stay bounded", () => {
  it("keeps each data directory under 64 MiB after 200 writes of 512 KiB to one key", async () => {
    const node1 = cluster.node(0);
    for (let i = 0; i < 200; i++) {
      await put(node1, "big", `${i}:`.padEnd(512 * 1024, String.fromCharCode(97 + (i % 26))));
    }
    await waitForConvergence(cluster, 60_000);
    for (const node of cluster.nodes) {
      const bytes = directoryBytes(node.dataDir);
      console.log(
        `${node.id} data directory after 200 × 512 KiB: ${(bytes / 2 ** 20).toFixed(1)} MiB`,
      );
      expect(bytes).toBeLessThan(64 * 1024 * 1024);
      const first = await page(node, 0);
      expect(first.events.length).toBeGreaterThan(0);
      for (const event of first.events) expect(JSON.stringify(event).length).toBeLessThan(1024);
    }
  }, 180_000);

  it("answers a cursor before what compaction kept with the page from where the journal starts", async () => {
    const node1 = cluster.node(0);
    // 200 writes made 400 events at node1 (a write and a send each): over its budget of 300.
    const first = await page(node1, 0);
    expect(first.start).toBeGreaterThan(1);
    expect(journalCompactedBefore(0, first)).toBe(first.start);
    expect(first.events[0]?.seq).toBe(first.start);
    const last = first.events.at(-1)?.seq ?? 0;
    expect(last - first.start + 1).toBeLessThanOrEqual(maxEvents);
    // A cursor inside what is kept reads on as before, and says nothing was compacted for it.
    const inside = await page(node1, first.start);
    expect(journalCompactedBefore(first.start, inside)).toBeUndefined();
    expect(inside.events[0]?.seq).toBe(first.start + 1);
  });

  it("stays under 300 MB while a viewer that does not read floods resync", async () => {
    const node1 = cluster.node(0);
    // A store of 24 MiB: a snapshot names its values by digest, so each one stays small.
    for (let i = 0; i < 48; i++) await put(node1, `wide${i}`, "w".repeat(512 * 1024));
    const pid = node1.pid;
    if (pid === undefined) throw new Error("node1 is not running");
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(node1.url, {
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
    });
    sockets.push(socket);
    let snapshots = 0;
    socket.on("snapshot", () => snapshots++);
    await waitFor(() => snapshots === 1, "the first snapshot", 30_000);
    // The viewer stops reading its TCP socket: whatever the replica sends it piles up.
    const transport = socket.io.engine.transport as unknown as {
      ws: { _socket: { pause(): void } };
    };
    transport.ws._socket.pause();
    let peak = residentBytes(pid);
    for (let i = 0; i < 100; i++) {
      socket.emit("resync");
      await new Promise((resolve) => setTimeout(resolve, 100));
      peak = Math.max(peak, residentBytes(pid));
    }
    console.log(`node1 peak RSS while flooded with resync: ${(peak / 2 ** 20).toFixed(0)} MiB`);
    expect(peak).toBeLessThan(300 * 1000 * 1000);
    expect((await node1.request("GET", "/health")).status).toBe(200);
  }, 120_000);
});
