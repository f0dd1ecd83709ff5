// The stream client against real replica processes: a snapshot with the held list, then every
// event in order with link and held changes; the history before the snapshot's tail fetched on
// request; a reconnection after the replica restarts; and all of it under a proxy's path prefix.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { type PrefixProxy, startPrefixProxy } from "./prefixProxy.testkit.js";
import { type RealReplicas, startReplicas, waitFor } from "./realReplicas.testkit.js";
import { ReplicaClient } from "./replicaClient.js";
import { recordStream, type StreamRecord } from "./streamRecorder.testkit.js";

let cluster: RealReplicas;
let proxy: PrefixProxy;
const streams: StreamRecord[] = [];

beforeAll(async () => {
  cluster = await startReplicas(2, { env: { SQLITE_SYNCHRONOUS: "NORMAL" } });
  proxy = await startPrefixProxy({ "/replica1": cluster.url("node1") });
});
afterAll(async () => {
  await proxy?.close();
  await cluster?.stop();
});
beforeEach(async () => {
  await cluster.reset();
});
afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});

function open(id: string, url = cluster.url(id), catchUp?: ReplicaClient): StreamRecord {
  const stream = recordStream({ id, url }, { catchUp });
  streams.push(stream);
  return stream;
}

const seqsOf = (events: readonly { seq: number }[]) => events.map((event) => event.seq);
const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("a replica's stream", () => {
  test("starts with a snapshot holding the held list, then sends every event and change", async () => {
    const node1 = cluster.client("node1");
    await node1.setLink("node2", { hold: true });
    await node1.put("x", "1");
    await waitFor("x held on node1's link", async () => (await node1.held()).held.length === 1);

    const stream = open("node1");
    await waitFor("the snapshot", () => stream.snapshots.length === 1);
    const [snapshot] = stream.snapshots;
    expect(snapshot?.held).toEqual((await node1.held()).held);
    expect(snapshot?.held[0]).toMatchObject({
      to: "node2",
      message: { key: "x", value: { preview: "1", cut: false, bytes: 1 } },
    });
    expect(snapshot?.status.store.x).toBeDefined();
    expect(stream.calls.slice(0, 2)).toEqual(["up", "snapshot"]);

    await node1.put("y", "2");
    await waitFor("y held too", () => stream.held.at(-1)?.held.length === 2);
    await node1.setLink("node2", { hold: false, delayMs: 5 });
    for (const { id } of (await node1.held()).held) await node1.releaseHeld(id);
    await waitFor("the held list emptied", () => stream.held.at(-1)?.held.length === 0);
    await waitFor("the link change", () => stream.links.at(-1)?.links.node2?.delayMs === 5);
    await waitFor("y's events", () => stream.events.length === 2);
    expect(stream.events.map((event) => event.type)).toEqual(["write", "send"]);
    const last = snapshot?.events.at(-1)?.seq ?? 0;
    expect(seqsOf(stream.events)).toEqual([last + 1, last + 2]);
    expect(stream.malformed).toEqual([]);
  });

  test("with catchUp, hands over the journal before the snapshot's tail, each seq once", async () => {
    const node1 = cluster.client("node1");
    // Each write is two events here (write, send): more than a snapshot's 500-event tail.
    for (let i = 0; i < 300; i += 30) {
      await Promise.all(oneToN(30).map((n) => node1.put(`k${i + n}`, "v")));
    }
    const plain = open("node1");
    const caught = open("node1", cluster.url("node1"), node1);
    await waitFor("the missed events", () => caught.missed.length > 0);
    const [snapshot] = caught.snapshots;
    const tail = seqsOf(snapshot?.events ?? []);
    expect(tail.length).toBe(500);
    expect([...seqsOf(caught.missed), ...tail]).toEqual(oneToN(600));
    expect(caught.calls.slice(0, 3)).toEqual(["up", "snapshot", "missed"]);
    expect(plain.calls).toEqual(["up", "snapshot"]);
  });

  test("reports the replica down and up again when it restarts, and snapshots it anew", async () => {
    const stream = open("node2");
    await waitFor("the snapshot", () => stream.snapshots.length === 1);
    await cluster.replica("node2").kill9();
    await waitFor("the second snapshot", () => stream.snapshots.length === 2);
    expect(stream.calls).toEqual(["up", "snapshot", "down", "up", "snapshot"]);
    const restarted = stream.snapshots[1]?.events.at(-1);
    expect(restarted).toMatchObject({ type: "restart", replica: "node2" });

    await cluster.client("node2").put("after", "1");
    await waitFor("the live events", () => stream.events.length === 2);
    expect(seqsOf(stream.events)).toEqual([(restarted?.seq ?? 0) + 1, (restarted?.seq ?? 0) + 2]);
  });

  test.each([
    ["with", "/replica1/"],
    ["without", "/replica1"],
  ])("reaches a replica behind a proxy's path prefix, %s a trailing slash", async (_, prefix) => {
    const base = `${proxy.url}${prefix}`;
    const before = proxy.requests.length;
    const stream = open("node1", base, new ReplicaClient(base));
    await waitFor("the snapshot", () => stream.snapshots.length === 1);
    expect(stream.snapshots[0]?.status.id).toBe("node1");
    await new ReplicaClient(base).put("via-proxy", "1");
    await waitFor("the live events", () => stream.events.length === 2);
    const requests = proxy.requests.slice(before);
    expect(requests).toContainEqual(expect.stringMatching(/^GET \/replica1\/socket\.io\/\?/));
    expect(requests.filter((request) => !request.includes(" /replica1/"))).toEqual([]);
  });
});
