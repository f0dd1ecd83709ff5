// Sessions against three real replica processes with a slow link: each of the four session
// guarantees holds across replicas because a request with a context waits until the replica has
// it; a short wait answers 503 context-not-reached; a request without a context answers at once.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { ContextNotReachedError } from "./contextNotReachedError.js";
import { failureOf } from "./failureOf.testkit.js";
import { type RealReplicas, startReplicas } from "./realReplicas.testkit.js";
import type { ReplicaClient } from "./replicaClient.js";
import { Session } from "./session.js";

const slowMs = 1500;
const slowerMs = 3500;

let cluster: RealReplicas;
let node1: ReplicaClient;
let node2: ReplicaClient;
let node3: ReplicaClient;

beforeAll(async () => {
  cluster = await startReplicas(3);
  node1 = cluster.client("node1");
  node2 = cluster.client("node2");
  node3 = cluster.client("node3");
});
afterAll(() => cluster?.stop());
beforeEach(async () => {
  await cluster.reset();
  // node1's writes reach node2 after 1.5 s and node3 after 3.5 s; every other link is fast.
  await node1.setLink("node2", { delayMs: slowMs });
  await node1.setLink("node3", { delayMs: slowerMs });
});

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

const values = (read: { values: { value: string | null }[] } | undefined) =>
  read?.values.map((sibling) => sibling.value);

describe("read-your-writes", () => {
  test("a read at another replica waits for the session's write, then sees it", async () => {
    const session = new Session();
    await session.put(node1, "x", "mine");
    expect(await node2.get("x")).toBeUndefined();
    const { result, ms } = await timed(() => session.get(node2, "x"));
    expect(values(result)).toEqual(["mine"]);
    expect(ms).toBeGreaterThan(500);
  });

  test("with ?wait=200 the replica answers 503 context-not-reached, naming what it lacks", async () => {
    const session = new Session({ waitMs: 200 });
    await session.put(node1, "x", "mine");
    const { result: failure, ms } = await timed(() => failureOf(session.get(node2, "x")));
    expect(failure).toBeInstanceOf(ContextNotReachedError);
    expect(failure).toMatchObject({ status: 503, missing: { node1: 1 } });
    expect(ms).toBeLessThan(1000);
  });

  test("without a context the read answers at once, without the write", async () => {
    await node1.put("x", "mine");
    const { result, ms } = await timed(() => node2.get("x"));
    expect(result).toBeUndefined();
    expect(ms).toBeLessThan(slowMs / 2);
  });
});

describe("monotonic reads", () => {
  test("having read a value at node1, the session never reads older at node2", async () => {
    await node1.put("x", "new");
    const session = new Session();
    expect(values(await session.get(node1, "x"))).toEqual(["new"]);
    expect(await node2.get("x")).toBeUndefined();
    expect(values(await session.get(node2, "x"))).toEqual(["new"]);
  });
});

describe("monotonic writes", () => {
  test("a write at node2 follows the session's write at node1, and node3 applies them in order", async () => {
    const session = new Session();
    const first = await session.put(node1, "a", "1");
    const second = await session.put(node2, "b", "2");
    expect(second.clock).toMatchObject({ node1: first.clock.node1, node2: 1 });
    // node3 gets b at once over the fast link, but buffers it until a arrives.
    const reader = new Session();
    expect(await node3.get("b")).toBeUndefined();
    expect(values(await reader.get(node3, "a"))).toBeUndefined();
    await expectEventually(async () => values(await node3.get("b"))?.[0] === "2");
    expect(values(await node3.get("a"))).toEqual(["1"]);
  });
});

describe("writes-follow-reads", () => {
  test("a reply written at node2 after reading the post at node1 is never seen without the post", async () => {
    const post = await node1.put("post", "lunch?");
    const bob = new Session();
    expect(values(await bob.get(node1, "post"))).toEqual(["lunch?"]);
    const { result: reply, ms } = await timed(() => bob.put(node2, "reply", "yes"));
    expect(ms).toBeGreaterThan(500);
    expect(reply.clock.node1).toBe(post.clock.node1);
    // Carol at node3: the reply arrives before the post, waits in the buffer, so she never sees
    // the reply alone.
    const carol = new Session();
    for (;;) {
      const seen = await carol.get(node3, "reply");
      if (seen) {
        expect(values(await carol.get(node3, "post"))).toEqual(["lunch?"]);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
});

describe("the session's token", () => {
  test("moves to a new Session (as the CLI keeps it in a file) and still waits for what it covers", async () => {
    const first = new Session();
    await first.put(node1, "x", "1");
    expect(first.context).toMatchObject({ clock: { node1: 1 } });
    const again = new Session({ token: first.token, waitMs: 2 * slowerMs });
    expect(values(await again.get(node3, "x"))).toEqual(["1"]);
  });

  test("from before a reset is refused with stale-context until the session forgets it", async () => {
    const session = new Session();
    await session.put(node1, "x", "1");
    await cluster.reset();
    expect(await failureOf(session.get(node1, "x"))).toMatchObject({
      code: "stale-context",
      status: 409,
    });
    session.forget();
    expect(await session.get(node1, "x")).toBeUndefined();
    expect(session.token).toBeDefined();
  });
});

async function expectEventually(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
