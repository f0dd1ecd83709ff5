/**
 * How a peer link batches, against a real HTTP server standing in for the peer (it answers each
 * exchange after `replyAfterMs`, as a peer does after its disk sync): one exchange at a time, what
 * arrives meanwhile goes in the next batch, and under load a batch lingers to fill, while a lone
 * write at a light pace never waits. And how it treats epochs: it announces its own until the peer
 * answers in it, and a peer's stale-epoch refusal is never taken for an acknowledgement. And when
 * it catches up: an answer that shows this replica behind, or a stale-epoch refusal, fetches the
 * peer's state once (not once per answer) and hands it to the replica.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ReplicatedWrite } from "@causal-kv/core";
import { healthyLink, type LinkSettings, type ReplicateResponse } from "@causal-kv/protocol";
import type { FastifyBaseLogger } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { HeldMessages } from "./heldMessages.js";
import { PeerClient } from "./peerClient.js";
import { PeerLink } from "./peerLink.js";

interface FakePeer {
  /** The keys of each batch of writes. */
  readonly batches: string[][];
  /** The writes of each batch, whole. */
  readonly received: ReplicatedWrite[][];
  /** The epochs announced by batches of no writes. */
  readonly announcements: number[];
  readonly paths: string[];
  /** How many times its state was asked for (GET /replicate/state). */
  stateRequests: number;
  replyAfterMs: number;
  /** The reply to every exchange; by default a 200 in epoch 0 acknowledging nothing. */
  reply: { status: number; body: unknown };
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
  const received: ReplicatedWrite[][] = [];
  const announcements: number[] = [];
  const paths: string[] = [];
  const server = createServer((request, response) => {
    paths.push(request.url ?? "");
    if (request.method === "GET") {
      peer.stateRequests++;
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(peerState));
      return;
    }
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
    });
    request.on("end", () => {
      const { epoch, messages } = JSON.parse(body) as {
        epoch: number;
        messages: ReplicatedWrite[];
      };
      if (messages.length === 0) announcements.push(epoch);
      else {
        batches.push(messages.map((message) => message.key));
        received.push(messages);
      }
      setTimeout(() => {
        response.writeHead(peer.reply.status, { "content-type": "application/json" });
        response.end(JSON.stringify(peer.reply.body));
      }, peer.replyAfterMs);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const peer: FakePeer = {
    batches,
    received,
    announcements,
    paths,
    stateRequests: 0,
    replyAfterMs,
    reply: { status: 200, body: { epoch: 0, acknowledged: {} } },
    url: `http://127.0.0.1:${port}`,
    server,
  };
  return peer;
}

const peerState = {
  from: "node2",
  epoch: 0,
  clock: { node1: 0, node2: 1 },
  applied: { node1: { prefix: 0, beyond: [] }, node2: { prefix: 1, beyond: [] } },
  store: { x: [{ value: "1", clock: { node1: 0, node2: 1 }, origin: "node2" }] },
};

const quietLog = {
  info() {},
  warn() {},
  debug() {},
  error() {},
} as unknown as FastifyBaseLogger;

interface LinkSetup {
  readonly url?: string;
  readonly retransmitMs?: number;
  readonly quietProbeMs?: number;
  readonly unsent?: () => ReplicatedWrite[];
  readonly acknowledged?: number[];
  readonly lagsBehind?: () => boolean;
  readonly transfers?: unknown[];
  readonly settings?: LinkSettings;
  /** The rejoin gate: whether it still waits for the peer, and the answers it was given. */
  readonly awaitsAnswer?: () => boolean;
  readonly answers?: ReplicateResponse[];
}

function linkTo(peer: FakePeer, setup: LinkSetup = {}): PeerLink {
  const link = new PeerLink(
    "node2",
    new PeerClient(setup.url ?? peer.url, {}),
    {
      id: "node1",
      epoch: 0,
      link: () => setup.settings ?? healthyLink,
      unsent: setup.unsent ?? (() => []),
      acknowledge: (_peer, count) => setup.acknowledged?.push(count),
      lagsBehind: setup.lagsBehind ?? (() => false),
      answered: (_peer, answer) => setup.answers?.push(answer),
      awaitsAnswer: setup.awaitsAnswer ?? (() => false),
      catchUp: async (transfer) => {
        setup.transfers?.push(transfer);
        return true;
      },
    },
    new HeldMessages(() => {}),
    {
      random: Math.random,
      now: Date.now,
      retransmitMs: setup.retransmitMs ?? 60_000,
      ...(setup.quietProbeMs === undefined ? {} : { quietProbeMs: setup.quietProbeMs }),
      log: quietLog,
    },
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

  it("sends a batch of large writes in pieces that arrive as one body, every character whole", async () => {
    const peer = await fakePeer(40);
    const link = linkTo(peer);
    link.send([write("a")]);
    // Three values of 40,000 characters and 120,000 bytes each: far over the size joined at once.
    const large = ["b", "c", "d"].map((key) => ({
      ...write(key),
      value: `${key}é日😀`.repeat(10_000),
    }));
    for (const message of large) link.send([message]);
    await until(() => peer.batches.length === 2);
    expect(peer.batches).toEqual([["a"], ["b", "c", "d"]]);
    expect(peer.received[1]).toEqual(large);
  });

  it("posts under the path prefix of a peer's address (a peer behind a proxy)", async () => {
    const peer = await fakePeer(0);
    for (const [url, key] of [
      [`${peer.url}/replica2`, "a"],
      [`${peer.url}/replica2/`, "b"],
      [peer.url, "c"],
    ] as const) {
      linkTo(peer, { url }).send([write(key)]);
      await until(() => peer.batches.some((batch) => batch.includes(key)));
    }
    // The write, answered in the link's epoch, announces it: no announcement of its own follows.
    expect(peer.paths).toEqual(["/replica2/replicate", "/replica2/replicate", "/replicate"]);
  });
});

describe("PeerLink epochs", () => {
  it("announces its epoch with nothing to send, until the peer answers in that epoch", async () => {
    const peer = await fakePeer(0);
    peer.reply = { status: 200, body: { epoch: 3, acknowledged: {} } };
    const link = linkTo(peer, { retransmitMs: 10 });
    await until(() => peer.announcements.length >= 3);
    expect(new Set(peer.announcements)).toEqual(new Set([0]));
    peer.reply = { status: 200, body: { epoch: 0, acknowledged: {} } };
    const answered = peer.announcements.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    // One more announcement may have been in flight when the peer's answer changed; no more.
    expect(peer.announcements.length).toBeLessThanOrEqual(answered + 1);
    // The reset starts the announcing again. (Counted from here: whether one more went out after
    // the answer changed depends on whether one was on its way at that moment.)
    const beforeReset = peer.announcements.length;
    link.reset();
    await until(() => peer.announcements.length > beforeReset);
  });

  it("asks a peer the rejoin gate waits for, through a hold, every round without backing off", async () => {
    const peer = await fakePeer(0);
    let awaits = true;
    const answers: ReplicateResponse[] = [];
    linkTo(peer, {
      retransmitMs: 10,
      settings: { ...healthyLink, hold: true },
      awaitsAnswer: () => awaits,
      answers,
    });
    // Answered in its epoch, yet still asked: the gate, not the epoch, decides.
    await until(() => peer.announcements.length >= 5);
    expect(answers.length).toBeGreaterThanOrEqual(4);
    expect(answers[0]).toMatchObject({ epoch: 0 });
    awaits = false;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const heard = peer.announcements.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Once the gate has heard, a held link with nothing to send asks nothing more.
    expect(peer.announcements.length).toBeLessThanOrEqual(heard + 1);
  });

  it("asks a quiet peer again every probe interval, and hears from it what it will not resend", async () => {
    const peer = await fakePeer(0);
    peer.reply = { status: 200, body: { epoch: 0, acknowledged: {}, resendsAfter: 4 } };
    const answers: ReplicateResponse[] = [];
    let behind = false;
    const transfers: unknown[] = [];
    const started = Date.now();
    linkTo(peer, {
      retransmitMs: 10,
      quietProbeMs: 100,
      answers,
      lagsBehind: () => behind,
      transfers,
    });
    await until(() => peer.announcements.length >= 4);
    // Answered in its epoch each time, so only the probe asks again, once per 100 ms at most.
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(answers.every((answer) => answer.resendsAfter === 4)).toBe(true);
    // An answer showing this replica behind (here: the peer will not resend writes we lack)
    // fetches the peer's state, with nothing written meanwhile.
    expect(transfers).toEqual([]);
    behind = true;
    await until(() => transfers.length === 1);
    expect(transfers[0]).toEqual(peerState);
  });

  it("asks a quiet peer that took a write without acknowledging it, and never resends the write", async () => {
    const peer = await fakePeer(0);
    // The peer takes the write into its buffer: it counts none of ours without a gap yet.
    peer.reply = { status: 200, body: { epoch: 0, acknowledged: { node1: 0 } } };
    const pending = [write("buffered-there")];
    const acknowledged: number[] = [];
    linkTo(peer, { retransmitMs: 10, quietProbeMs: 100, unsent: () => pending, acknowledged });
    // Its answer counted (the reply is read when sent, so it changes only after this).
    await until(() => acknowledged.length === 1);
    expect(acknowledged).toEqual([0]);
    // What it waited on reached it another way (a catch-up): only an answer can say so.
    peer.reply = { status: 200, body: { epoch: 0, acknowledged: { node1: 1 } } };
    await until(() => acknowledged.includes(1));
    expect(peer.announcements.length).toBeGreaterThanOrEqual(1);
    expect(peer.batches).toEqual([["buffered-there"]]);
  });

  it("does not back off from a failing peer the rejoin gate waits for", async () => {
    const failing = { status: 503, body: { error: { code: "shutting-down", message: "down" } } };
    const gated = await fakePeer(0);
    const plain = await fakePeer(0);
    gated.reply = failing;
    plain.reply = failing;
    const links = [
      linkTo(gated, { retransmitMs: 20, awaitsAnswer: () => true }),
      linkTo(plain, { retransmitMs: 20 }),
    ];
    // Counted in rounds, not in wall time, so a loaded machine that slows every exchange slows
    // both links alike. Backing off, rounds go 20, 40, 80, 160, 160 ms apart (plus the exchange):
    // by the gated link's 24th round, 20 ms apart, the plain one has had about 6.
    await until(() => gated.announcements.length >= 24);
    for (const link of links) link.stop();
    expect(plain.announcements.length).toBeGreaterThanOrEqual(1);
    expect(2 * plain.announcements.length).toBeLessThanOrEqual(gated.announcements.length);
  });

  it("does not take the answer to an announcement sent before a reset as news from after it", async () => {
    const peer = await fakePeer(100);
    const link = linkTo(peer, { retransmitMs: 10 });
    await until(() => peer.announcements.length === 1);
    // The answer (in this epoch) is on its way back when the reset comes.
    link.reset();
    await until(() => peer.announcements.length >= 2);
  });

  it("never takes a peer's stale-epoch refusal for an acknowledgement, and sends again", async () => {
    const peer = await fakePeer(0);
    peer.reply = {
      status: 409,
      body: { error: { code: "stale-epoch", message: "the batch is from before a reset" } },
    };
    const pending = [write("a"), write("b")];
    const acknowledged: number[] = [];
    const started = Date.now();
    linkTo(peer, { retransmitMs: 10, unsent: () => pending, acknowledged });
    await until(() => peer.batches.length >= 3);
    expect(peer.batches.slice(0, 3)).toEqual([
      ["a", "b"],
      ["a", "b"],
      ["a", "b"],
    ]);
    expect(acknowledged).toEqual([]);
    peer.reply = { status: 200, body: { epoch: 0, acknowledged: { node1: 2 } } };
    await until(() => acknowledged.length > 0);
    expect(acknowledged).toEqual([2]);
    // Being in an epoch the peer left, it fetched the peer's state: not once per refusal, but at
    // most once a second.
    expect(peer.stateRequests).toBeGreaterThanOrEqual(1);
    expect(peer.stateRequests).toBeLessThanOrEqual(1 + Math.ceil((Date.now() - started) / 1000));
  });

  it("catches up from the peer whose answers show it behind: one transfer, handed over parsed", async () => {
    const peer = await fakePeer(0);
    const transfers: unknown[] = [];
    let behind = true;
    const started = Date.now();
    linkTo(peer, {
      retransmitMs: 10,
      unsent: () => [write("a")],
      lagsBehind: () => behind,
      transfers,
    });
    await until(() => transfers.length > 0 && peer.batches.length >= 3);
    expect(transfers[0]).toEqual(peerState);
    const whileBehind = 1 + Math.ceil((Date.now() - started) / 1000);
    expect(peer.stateRequests).toBeLessThanOrEqual(whileBehind);
    behind = false;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // At most the one already scheduled when the answers stopped saying so.
    expect(peer.stateRequests).toBeLessThanOrEqual(whileBehind + 1);
  });
});
