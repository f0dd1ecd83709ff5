/**
 * The live stream of a real replica process, read with a real socket.io-client typed by the
 * protocol's event maps: a snapshot on connect, then every journal event as it happens, and
 * notices of link and held-list changes.
 */
import {
  type ClientToServerEvents,
  linksChangeSchema,
  type ServerToClientEvents,
  type StreamSnapshot,
  streamEventsSchema,
  streamSnapshotSchema,
} from "@causal-kv/protocol";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, put, setLink, startCluster, waitFor } from "./cluster.testkit.js";

let cluster: Cluster;
const sockets: Socket[] = [];

beforeAll(async () => {
  cluster = await startCluster();
});

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await cluster?.close();
});

function connect(url: string): Socket<ServerToClientEvents, ClientToServerEvents> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
  });
  sockets.push(socket);
  return socket;
}

describe("the live stream", () => {
  it("sends a snapshot on connect, then every journal event in order", async () => {
    const node1 = cluster.node(0);
    await put(node1, "early", "1");
    const socket = connect(node1.url);
    const snapshots: StreamSnapshot[] = [];
    const seqs: number[] = [];
    const types: string[] = [];
    socket.on("snapshot", (snapshot) => snapshots.push(streamSnapshotSchema.parse(snapshot)));
    socket.on("events", (events) => {
      for (const event of streamEventsSchema.parse(events)) {
        seqs.push(event.seq);
        types.push(event.type);
      }
    });
    await waitFor(() => snapshots.length === 1, "a snapshot");
    const [snapshot] = snapshots;
    expect(snapshot?.status.id).toBe("node1");
    expect(snapshot?.status.store.early?.[0]?.value).toMatchObject({ preview: "1", cut: false });
    const lastSeq = snapshot?.events.at(-1)?.seq ?? 0;
    expect(snapshot?.events.map((event) => event.type)).toEqual(["write", "send"]);

    await put(node1, "live", "2");
    await put(cluster.node(1), "from-peer", "3");
    await waitFor(() => types.length >= 4, "live events");
    expect(types).toEqual(["write", "send", "receive", "deliver"]);
    expect(seqs).toEqual([lastSeq + 1, lastSeq + 2, lastSeq + 3, lastSeq + 4]);
  });

  it("announces link changes to every viewer", async () => {
    const node2 = cluster.node(1);
    const viewers = [connect(node2.url), connect(node2.url)];
    const changes: unknown[] = [];
    for (const viewer of viewers) viewer.on("links", (change) => changes.push(change));
    await Promise.all(
      viewers.map((viewer) => new Promise((resolve) => viewer.once("snapshot", resolve))),
    );
    await setLink(node2, "node3", { delayMs: 20 });
    await waitFor(() => changes.length === 2, "both viewers to hear of the link");
    const change = linksChangeSchema.parse(changes[0]);
    expect(change.replica).toBe("node2");
    expect(change.links.node3?.delayMs).toBe(20);
  });
});
