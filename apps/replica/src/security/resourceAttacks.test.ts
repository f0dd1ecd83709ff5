/**
 * Resources and failures, on real replica processes: a client that trickles its request (one
 * byte at a time, headers or body) is answered 408 and cut off once the request timeout passes
 * (the default cuts it within a minute, see env.test.ts; here it is 2 s, to keep the test short),
 * while other clients are served; connections past the cap are refused; and a disk sync that fails
 * stops the replica with a clear line, after which a restart recovers everything acknowledged.
 */
import { connect, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { type Cluster, put, startCluster } from "../cluster.testkit.js";
import { acknowledgeWrites, expectAcknowledged, expectUnchanged } from "./attacks.testkit.js";

const clusters: Cluster[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(clusters.splice(0).map((cluster) => cluster.close()));
});

async function soloReplica(env: Record<string, string>): Promise<Cluster> {
  const cluster = await startCluster({ size: 1, env });
  clusters.push(cluster);
  return cluster;
}

interface Trickle {
  /** Everything the server sent back. */
  readonly received: () => string;
  /** Resolves with the milliseconds from the first byte until the server closed the connection. */
  readonly closed: Promise<number>;
}

/** Opens a connection and sends `head` at once, then `rest` one byte every `everyMs`. */
function trickle(url: string, head: string, rest: string, everyMs: number): Trickle {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  sockets.push(socket);
  let received = "";
  const started = Date.now();
  socket.on("data", (chunk: Buffer) => {
    received += chunk.toString("utf8");
  });
  socket.on("error", () => {});
  socket.write(head);
  let sent = 0;
  const timer = setInterval(() => {
    if (sent < rest.length && socket.writable) socket.write(rest[sent++] ?? "");
  }, everyMs);
  const closed = new Promise<number>((resolve) =>
    socket.on("close", () => {
      clearInterval(timer);
      resolve(Date.now() - started);
    }),
  );
  return { received: () => received, closed };
}

describe("a client that trickles its request", () => {
  it("is answered 408 and cut off after the request timeout, its body or headers never done", async () => {
    const cluster = await soloReplica({
      HTTP_REQUEST_TIMEOUT_MS: "2000",
      HTTP_HEADERS_TIMEOUT_MS: "1500",
    });
    const node = cluster.node(0);
    const baseline = await acknowledgeWrites(cluster);
    const body = JSON.stringify({ value: "x".repeat(200) });
    const slowBody = trickle(
      node.url,
      `PUT /kv/trickled HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      body,
      100,
    );
    const slowHeaders = trickle(
      node.url,
      "GET /status HTTP/1.1\r\n",
      "Host: 127.0.0.1\r\nX-Pad: ".padEnd(400, "a"),
      100,
    );
    // Meanwhile the replica serves everyone else.
    expect((await node.request("GET", "/health")).status).toBe(200);
    for (const slow of [slowBody, slowHeaders]) {
      const closedAfter = await slow.closed;
      expect(closedAfter).toBeLessThan(10_000);
      expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
      expect(slow.received()).toContain('"code":"request-timeout"');
    }
    expect((await node.request("GET", "/kv/trickled")).status).toBe(404);
    await expectUnchanged(cluster, baseline);
  });
});

describe("connections past the cap", () => {
  it("are refused until others close", async () => {
    const cluster = await soloReplica({ HTTP_MAX_CONNECTIONS: "4" });
    const node = cluster.node(0);
    const { hostname, port } = new URL(node.url);
    const open = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<Socket>((resolve) => {
            const socket = connect(Number(port), hostname, () => resolve(socket));
            sockets.push(socket);
          }),
      ),
    );
    // One more is closed at once, its request unanswered.
    const refused = trickle(node.url, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "", 100);
    expect(await refused.closed).toBeLessThan(5000);
    expect(refused.received()).toBe("");
    for (const socket of open) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await node.request("GET", "/health")).status).toBe(200);
  });
});

describe("a disk sync that fails", () => {
  it("stops the replica, saying so, and its restart recovers every acknowledged write", async () => {
    const fixture = fileURLToPath(new URL("./failingDisk.fixture.mjs", import.meta.url));
    const cluster = await soloReplica({
      NODE_OPTIONS: `--import=${fixture}`,
      SQLITE_SYNCHRONOUS: "FULL",
    });
    const node = cluster.node(0);
    const baseline = await acknowledgeWrites(cluster);
    const exited = node.exited();
    node.signal("SIGUSR2");
    // A signal is handled when the process gets to it: wait until the descriptor is closed.
    const deadline = Date.now() + 10_000;
    while (!node.output.includes("failing disk: closed") && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(node.output).toContain("failing disk: closed the WAL sync descriptor");
    // The next write's sync fails: it gets no success, and the process stops.
    const write = await node.request("PUT", "/kv/during-failure", { value: "fate unknown" }).then(
      (reply) => reply.status,
      () => 0,
    );
    expect(write).not.toBe(200);
    expect(await exited).toBe(1);
    expect(node.output).toContain("FATAL: the disk did not confirm a sync");
    // The write whose sync failed may or may not be on disk (its fate is unknown); the rest are.
    await node.start();
    await expectAcknowledged(cluster, baseline.acknowledged);
    await put(node, "after-restart", "fine");
  });
});
