/**
 * How a peer link batches, against a real HTTP server standing in for the peer (it answers each
 * exchange after `replyAfterMs`, as a peer does after its disk sync): one exchange at a time, what
 * arrives meanwhile goes in the next batch, and under load a batch lingers to fill, while a lone
 * write at a light pace never waits.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ReplicatedWrite } from "@causal-kv/core";
import { healthyLink } from "@causal-kv/protocol";
import type { FastifyBaseLogger } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { HeldMessages } from "./heldMessages.js";
import { PeerClient } from "./peerClient.js";
import { PeerLink } from "./peerLink.js";

interface FakePeer {
  readonly batches: string[][];
  readonly paths: string[];
  replyAfterMs: number;
  readonly url: string;
  readonly server: Server;
}

const servers: Server[] = [];
const links: PeerLink[] = [];
afterEach(async () => {
  for (const link of links.splice(0)) link.stop();
  await Promise.all(
    servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
  );
});

async function fakePeer(replyAfterMs: number): Promise<FakePeer> {
  const batches: string[][] = [];
  const paths: string[] = [];
  const server = createServer((request, response) => {
    paths.push(request.url ?? "");
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    request.on("end", () => {
      const { messages } = JSON.parse(body) as { messages: ReplicatedWrite[] };
      batches.push(messages.map((message) => message.key));
      setTimeout(() => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ epoch: 0, acknowledged: {} }));
      }, peer.replyAfterMs);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const peer: FakePeer = {
    batches,
    paths,
    replyAfterMs,
    url: `http://127.0.0.1:${port}`,
    server,
  };
  return peer;
}

const quietLog = {
  info() {},
  warn() {},
  debug() {},
  error() {},
} as unknown as FastifyBaseLogger;

function linkTo(peer: FakePeer, url = peer.url): PeerLink {
  const link = new PeerLink(
    "node2",
    new PeerClient(url, {}),
    {
      id: "node1",
      epoch: 0,
      link: () => healthyLink,
      unsent: () => [],
      acknowledge() {},
    },
    new HeldMessages(() => {}),
    { random: Math.random, now: Date.now, retransmitMs: 60_000, log: quietLog },
  );
  link.start();
  links.push(link);
  return link;
}

let seq = 0;
function write(key: string): ReplicatedWrite {
  seq++;
  return { origin: "node1", clock: { node1: seq }, key, value: key };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * "a" goes alone while the peer is slow, `keys` meet in the second batch; then the peer turns
 * fast and the link idles, its last batch being that second one.
 */
async function afterSecondBatch(keys: string[]): Promise<{ peer: FakePeer; link: PeerLink }> {
  const peer = await fakePeer(40);
  const link = linkTo(peer);
  link.send([write("a")]);
  for (const key of keys) link.send([write(key)]);
  await until(() => peer.batches.length === 2);
  peer.replyAfterMs = 0;
  await new Promise((resolve) => setTimeout(resolve, 80));
  return { peer, link };
}

describe("PeerLink batching", () => {
  it("keeps one exchange in flight and sends what arrived meanwhile as one batch", async () => {
    const peer = await fakePeer(40);
    const link = linkTo(peer);
    link.send([write("a")]);
    await until(() => peer.batches.length === 1);
    for (const key of ["b", "c", "d"]) link.send([write(key)]);
    await until(() => peer.batches.length === 2);
    expect(peer.batches).toEqual([["a"], ["b", "c", "d"]]);
  });

  it("after a batch of several writes under load, lets the next one linger to take later writes", async () => {
    const { peer, link } = await afterSecondBatch(["b", "c", "d", "e"]);
    link.send([write("f")]);
    await nextTurn();
    link.send([write("g")]);
    await until(() => peer.batches.length === 3);
    expect(peer.batches[2]).toEqual(["f", "g"]);
  });

  it("sends a lone write at once at a light pace, even after two writes met in a batch", async () => {
    const { peer, link } = await afterSecondBatch(["b", "c"]);
    link.send([write("d")]);
    await nextTurn();
    link.send([write("e")]);
    await until(() => peer.batches.length === 4);
    expect(peer.batches).toEqual([["a"], ["b", "c"], ["d"], ["e"]]);
  });

  it("posts under the path prefix of a peer's address (a peer behind a proxy)", async () => {
    const peer = await fakePeer(0);
    for (const [url, key] of [
      [`${peer.url}/replica2`, "a"],
      [`${peer.url}/replica2/`, "b"],
      [peer.url, "c"],
    ] as const) {
      linkTo(peer, url).send([write(key)]);
      await until(() => peer.batches.some((batch) => batch.includes(key)));
    }
    expect(peer.paths).toEqual(["/replica2/replicate", "/replica2/replicate", "/replicate"]);
  });
});
