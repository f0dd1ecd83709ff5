// What the stream client does with payloads no real replica sends, against a bare Socket.IO server:
// a malformed one is reported and dropped, and the stream goes on. And what it sends: the bearer
// token in the handshake's auth and, from Node, in an Authorization header.
import type { IncomingHttpHeaders } from "node:http";
import { createServer } from "node:http";
import { Server } from "socket.io";
import { afterEach, describe, expect, test } from "vitest";
import { type AnsweringServer, startAnsweringServer } from "./answeringServer.testkit.js";
import { freePorts, waitFor } from "./realReplicas.testkit.js";
import { ReplicaClient } from "./replicaClient.js";
import { recordStream, type StreamRecord } from "./streamRecorder.testkit.js";

const status = {
  id: "node1",
  epoch: 4,
  members: ["node1"],
  mode: "causal",
  clock: { node1: 7 },
  applied: { node1: { prefix: 7, beyond: [] } },
  store: {},
  buffer: [],
  links: {},
  unacknowledged: {},
};
const restart = (seq: number, time = seq) => ({
  seq,
  time,
  replica: "node1",
  clock: { node1: 7 },
  type: "restart",
});

interface Handshake {
  readonly auth: Record<string, unknown>;
  readonly headers: IncomingHttpHeaders;
}

const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A Socket.IO server that sends each connection the given payloads, and records handshakes. */
async function startServer(
  send: (emit: (event: string, payload: unknown) => void) => void,
): Promise<{ url: string; handshakes: Handshake[] }> {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  const handshakes: Handshake[] = [];
  io.on("connection", (socket) => {
    handshakes.push({ auth: socket.handshake.auth, headers: socket.handshake.headers });
    send((event, payload) => socket.emit(event, payload));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  if (typeof address !== "object" || address === null) throw new Error("no port");
  cleanup.push(() => new Promise((resolve) => io.close(() => resolve())));
  return { url: `http://127.0.0.1:${address.port}`, handshakes };
}

function open(url: string, options: Parameters<typeof recordStream>[1] = {}): StreamRecord {
  const stream = recordStream({ id: "node1", url }, options);
  cleanup.push(() => stream.close());
  return stream;
}

describe("payloads", () => {
  test("a malformed payload is reported, where it is wrong, and the stream goes on", async () => {
    const { url } = await startServer((emit) => {
      emit("snapshot", { status: { ...status, clock: { node1: -1 } }, held: [], events: [] });
      emit("events", []);
      emit("lagged", { replica: "node1", skipped: "many", from: 1, to: 2 });
      emit("held", { replica: "node1" });
      emit("snapshot", { status, held: [], events: [restart(1)] });
      emit("events", [restart(2)]);
    });
    const stream = open(url);
    await waitFor("the good events", () => stream.events.length === 1);
    expect(stream.malformed.map(({ what }) => what)).toEqual([
      "snapshot",
      "batch of events",
      "lagged notice",
      "held change",
    ]);
    expect(stream.malformed[0]?.problem).toMatch(/^status\.clock\.node1: /);
    expect(stream.malformed[3]?.problem).toMatch(/^held: /);
    expect(stream.calls).toEqual([
      "up",
      "malformed",
      "malformed",
      "malformed",
      "malformed",
      "snapshot",
      "events",
    ]);
    expect(stream.snapshots[0]?.status.epoch).toBe(4);
  });

  test("a failed catch-up is reported, not thrown", async () => {
    const [closedPort] = await freePorts(1);
    const { url } = await startServer((emit) =>
      emit("snapshot", { status, held: [], events: [restart(5)] }),
    );
    const catchUp = new ReplicaClient(`http://127.0.0.1:${closedPort}`, { timeoutMs: 2000 });
    const stream = open(url, { catchUp });
    await waitFor("the failure", () => stream.catchUpFailures.length === 1);
    expect(stream.catchUpFailures[0]).toMatchObject({ code: "unreachable" });
    expect(stream.missed).toEqual([]);
  });
});

describe("catching up", () => {
  test("events read for an epoch a reset ended are dropped, and the new epoch's read", async () => {
    let reset = () => {};
    const { url } = await startServer((emit) => {
      emit("snapshot", { status, held: [], events: [restart(5)] });
      reset = () =>
        emit("snapshot", { status: { ...status, epoch: 5 }, held: [], events: [restart(3)] });
    });
    let stream: StreamRecord | undefined;
    let journal: AnsweringServer | undefined;
    const page = (epoch: number, events: unknown[]) =>
      JSON.stringify({ events, next: events.length, epoch, start: 1 });
    journal = await startAnsweringServer((_request, response) => {
      const answer = (body: string) =>
        response.writeHead(200, { "content-type": "application/json" }).end(body);
      if (journal?.requests.length === 1) {
        // The reset lands while the old epoch's events are on their way.
        reset();
        void waitFor("the reset's snapshot", () => stream?.snapshots.length === 2).then(() =>
          answer(
            page(
              4,
              [1, 2, 3, 4].map((seq) => restart(seq, 40)),
            ),
          ),
        );
      } else {
        answer(
          page(
            5,
            [1, 2].map((seq) => restart(seq, 50)),
          ),
        );
      }
    });
    cleanup.push(() => journal?.close());
    stream = open(url, { catchUp: new ReplicaClient(journal.url) });
    await waitFor("the new epoch's missed events", () => stream?.missed.length === 2);
    expect(stream.missed).toEqual([restart(1, 50), restart(2, 50)]);
    expect(journal.requests).toEqual([
      "GET /events?after=0&limit=4",
      "GET /events?after=0&limit=2",
    ]);
    expect(stream.calls).toEqual(["up", "snapshot", "snapshot", "missed"]);
  });

  test("a page that got no answer is asked for again, so a busy replica still fills the gap", async () => {
    const { url } = await startServer((emit) =>
      emit("snapshot", { status, held: [], events: [restart(3)] }),
    );
    const journal = await startAnsweringServer((_request, response) => {
      // The first read hangs past the client's timeout, as on a busy replica; the next is answered.
      if (journal.requests.length === 1) return;
      const events = [1, 2].map((seq) => restart(seq, 20));
      response
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ events, next: 2, epoch: status.epoch, start: 1 }));
    });
    cleanup.push(() => journal.close());
    const stream = open(url, { catchUp: new ReplicaClient(journal.url, { timeoutMs: 300 }) });
    await waitFor("the missed events", () => stream.missed.length === 2);
    expect(stream.catchUpFailures).toEqual([]);
    expect(journal.requests).toEqual([
      "GET /events?after=0&limit=2",
      "GET /events?after=0&limit=2",
    ]);
  });
});

describe("the bearer token", () => {
  test("goes in the handshake's auth and in an Authorization header", async () => {
    const server = await startServer(() => {});
    const stream = open(server.url, { token: "s3cret" });
    await waitFor("the connection", () => stream.calls.includes("up"));
    expect(server.handshakes[0]?.auth).toEqual({ token: "s3cret" });
    expect(server.handshakes[0]?.headers.authorization).toBe("Bearer s3cret");
  });

  test("is not sent when there is none", async () => {
    const server = await startServer(() => {});
    const stream = open(server.url);
    await waitFor("the connection", () => stream.calls.includes("up"));
    expect(server.handshakes[0]?.auth).toEqual({});
    expect(server.handshakes[0]?.headers.authorization).toBeUndefined();
  });
});
