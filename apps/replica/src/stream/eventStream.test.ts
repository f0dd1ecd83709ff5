/**
 * The events of one turn go out as one packet, in order. A slow viewer never holds the replica
 * back: once more events than the high-water mark wait for it, it is skipped, and when it drains
 * it is told exactly which seqs it missed. A viewer that stops reading its TCP socket is slow.
 */
import { CausalReplica, type JournalEvent } from "@causal-kv/core";
import type {
  ClientToServerEvents,
  LaggedNotice,
  ServerToClientEvents,
  StatusResponse,
} from "@causal-kv/protocol";
import Fastify from "fastify";
import { io, type Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../cluster.testkit.js";
import { EventStream } from "./eventStream.js";

const status: StatusResponse = {
  id: "node1",
  epoch: 0,
  members: ["node1", "node2"],
  mode: "causal",
  clock: { node1: 0, node2: 0 },
  applied: { node1: { prefix: 0, beyond: [] }, node2: { prefix: 0, beyond: [] } },
  store: {},
  buffer: [],
  links: {},
  unacknowledged: {},
};

/** Journal events of `writes` local writes (a write and a send each), keys `keyLength` long. */
function journal(writes: number, keyLength = 2): JournalEvent[] {
  const replica = new CausalReplica({ id: "node1", members: ["node1", "node2"] });
  return Array.from(
    { length: writes },
    (_, i) => replica.write(`k${i}`.padEnd(keyLength, "k"), "v", i).events,
  ).flat();
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function startStream(): Promise<{ stream: EventStream; url: string }> {
  const app = Fastify();
  const stream = new EventStream(app.server, {
    replica: "node1",
    allowedOrigins: [],
    refuseRequest: () => undefined,
    refuseViewer: () => undefined,
    log: app.log,
    status: () => status,
    held: () => [],
    recentEvents: () => [],
    settled: async () => {},
    journalEnd: 0,
    highWater: 5,
    lowWater: 2,
  });
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  cleanup.push(async () => {
    stream.close();
    await app.close();
  });
  return { stream, url };
}

function viewer(url: string, transport: "polling" | "websocket") {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    transports: [transport],
    forceNew: true,
    reconnection: false,
  });
  cleanup.push(() => {
    socket.disconnect();
  });
  const seen: number[] = [];
  const packets: number[] = [];
  const notices: LaggedNotice[] = [];
  let snapshots = 0;
  socket.on("snapshot", () => snapshots++);
  socket.on("events", (events) => {
    packets.push(events.length);
    for (const event of events) seen.push(event.seq);
  });
  socket.on("lagged", (notice) => notices.push(notice));
  return { socket, seen, packets, notices, snapshots: () => snapshots };
}

describe("EventStream", () => {
  it("sends the events published in one turn as one packet, in order", async () => {
    const { stream, url } = await startStream();
    const watcher = viewer(url, "polling");
    await waitFor(() => watcher.snapshots() === 1, "the snapshot");
    const events = journal(10);
    stream.publish(events.slice(0, 4));
    stream.publish(events.slice(4, 6));
    stream.publish(events.slice(6, 12));
    await new Promise((resolve) => setImmediate(resolve));
    stream.publish(events.slice(12));
    await waitFor(() => watcher.seen.length === 20, "every event");
    expect(watcher.seen).toEqual(events.map((event) => event.seq));
    expect(watcher.packets).toEqual([12, 8]);
  });

  it("keeps a fast viewer whole while a stalled one is skipped", async () => {
    const { stream, url } = await startStream();
    const stalled = viewer(url, "websocket");
    const fast = viewer(url, "websocket");
    await waitFor(() => stalled.snapshots() === 1 && fast.snapshots() === 1, "both snapshots");
    // The stalled viewer stops reading its TCP socket: what the replica sends piles up.
    const transport = stalled.socket.io.engine.transport as unknown as {
      ws: { _socket: { pause(): void; resume(): void } };
    };
    transport.ws._socket.pause();
    // Events name values by digest, so it takes many (~15 MB of keys) to fill the socket's buffers.
    const events = journal(12_000, 256);
    for (let at = 0; at < events.length; at += 20) {
      stream.publish(events.slice(at, at + 20));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(() => fast.seen.length === events.length, "every event at the fast viewer");
    expect(fast.seen).toEqual(events.map((event) => event.seq));
    expect(fast.notices).toEqual([]);

    transport.ws._socket.resume();
    await waitFor(() => stalled.notices.length === 1, "the stalled viewer's notice");
    const [notice] = stalled.notices;
    expect(notice?.to).toBe(events.length);
    // What it saw and what it was told it missed add up to the whole journal, in order.
    const missed = Array.from({ length: notice?.skipped ?? 0 }, (_, i) => (notice?.from ?? 0) + i);
    expect([...stalled.seen, ...missed]).toEqual(events.map((event) => event.seq));
  });
});
