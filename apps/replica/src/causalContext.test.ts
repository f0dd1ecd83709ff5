/**
 * Causal contexts on one in-process replica of a two-replica cluster, whose peer `b` is played by
 * the test through `/replicate`: the header every answer carries, what is refused and why, a read
 * that waits and is woken by the delivery it waits for, and a wait cancelled by its client leaving.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  causalContextHeader,
  clusterTag,
  decodeCausalContext,
  encodeCausalContext,
  errorBodySchema,
} from "@causal-kv/protocol";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createReplica, type Replica } from "./createReplica.js";

let dir: string;
let replica: Replica;
let base: string;
let epoch: number;
const tag = clusterTag(["a", "b"]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "causal-kv-context-"));
  replica = createReplica({
    id: "a",
    host: "127.0.0.1",
    port: 0,
    members: { a: "http://127.0.0.1:1", b: "http://127.0.0.1:1" },
    dataDir: dir,
    // Its peers never exist: the gate would refuse every write (rejoinGate.ts).
    rejoinGate: false,
    allowedOrigins: ["http://lab.example"],
    logLevel: "silent",
    synchronous: "NORMAL",
  });
  base = await replica.listen();
});

afterAll(async () => {
  await replica?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  epoch = await replica.node.reset();
});

const token = (clock: Record<string, number>, at = epoch, cluster = tag) =>
  encodeCausalContext({ cluster, epoch: at, clock });

async function kv(method: string, path: string, context?: string, value?: string) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(context === undefined ? {} : { [causalContextHeader]: context }),
      ...(value === undefined ? {} : { "content-type": "application/json" }),
    },
    body: value === undefined ? undefined : JSON.stringify({ value }),
  });
  const header = response.headers.get(causalContextHeader);
  return {
    status: response.status,
    body: (await response.json()) as unknown,
    context: header === null ? undefined : decodeCausalContext(header),
    header,
  };
}

/** Peer b's write #seq of `key`, with b's clock `clock`. */
function fromB(seq: number, key: string, value: string, clock: Record<string, number> = {}) {
  return replica.app.inject({
    method: "POST",
    url: "/replicate",
    payload: { epoch, origin: "b", clock: { ...clock, b: seq }, key, value },
  });
}

describe("the context every answer carries", () => {
  it("covers a write, and a read's siblings, whether or not the request sent one", async () => {
    const put = await kv("PUT", "/kv/x", undefined, "1");
    expect(put.status).toBe(200);
    expect(put.context).toEqual({ cluster: tag, epoch, clock: { a: 1 } });

    await fromB(1, "y", "2");
    const read = await kv("GET", "/kv/y", put.header ?? "");
    expect(read.status).toBe(200);
    expect(read.context).toEqual({ cluster: tag, epoch, clock: { a: 1, b: 1 } });

    const fresh = await kv("GET", "/kv/y");
    expect(fresh.context).toEqual({ cluster: tag, epoch, clock: { b: 1 } });
  });

  it("is carried by a 404 too, covering the tombstone a deleted key holds", async () => {
    await kv("PUT", "/kv/gone", undefined, "1");
    await kv("DELETE", "/kv/gone");
    const read = await kv("GET", "/kv/gone");
    expect(read.status).toBe(404);
    expect(read.context).toEqual({ cluster: tag, epoch, clock: { a: 2 } });
  });

  it("is exposed to the pages of an allowed origin", async () => {
    const response = await fetch(`${base}/kv/x`, { headers: { origin: "http://lab.example" } });
    expect(response.headers.get("access-control-expose-headers")).toBe(causalContextHeader);
  });
});

describe("what is refused", () => {
  it("a token that does not decode, from another cluster, or naming writes a never made: 400", async () => {
    const bad = [
      "%%%",
      "bm90IGpzb24",
      token({ a: 0 }, epoch, clusterTag(["a", "b", "c"])),
      token({ c: 1 }),
      token({ a: 5 }),
    ];
    for (const context of bad) {
      const reply = await kv("GET", "/kv/x", context);
      expect(reply.status, context).toBe(400);
      expect(errorBodySchema.parse(reply.body).error.code).toBe("invalid-context");
    }
  });

  it("a token from before a reset: 409 stale-context, and nothing is written", async () => {
    const old = token({});
    epoch = await replica.node.reset();
    const reply = await kv("PUT", "/kv/x", old, "1");
    expect(reply.status).toBe(409);
    expect(errorBodySchema.parse(reply.body).error.code).toBe("stale-context");
    expect(replica.node.siblings("x")).toEqual([]);
  });

  it("a token from a later epoch: 503 context-not-reached, to retry once the reset is here", async () => {
    const reply = await kv("GET", "/kv/x", token({ b: 2 }, epoch + 1));
    expect(reply.status).toBe(503);
    expect(errorBodySchema.parse(reply.body).error).toMatchObject({
      code: "context-not-reached",
      missing: { b: 2 },
    });
  });

  it("a bad wait: 400 invalid-wait; without a context, wait is ignored as before", async () => {
    const reply = await kv("GET", "/kv/x?wait=20000", token({}));
    expect(errorBodySchema.parse(reply.body).error.code).toBe("invalid-wait");
    expect((await kv("GET", "/kv/x?wait=nonsense")).status).toBe(404);
  });
});

describe("waiting for a context", () => {
  it("answers 503 with what is missing when the wait runs out, and writes nothing", async () => {
    const started = performance.now();
    const reply = await kv("PUT", "/kv/x?wait=150", token({ b: 2 }), "1");
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(reply.status).toBe(503);
    expect(errorBodySchema.parse(reply.body).error).toMatchObject({
      code: "context-not-reached",
      missing: { b: 2 },
    });
    expect((await kv("PUT", "/kv/x?wait=0", token({ b: 1 }), "1")).status).toBe(503);
    expect(replica.node.siblings("x")).toEqual([]);
    expect(replica.waits.size).toBe(0);
  });

  it("is woken by the delivery it waits for, and the read sees it", async () => {
    const reading = kv("GET", "/kv/y?wait=5000", token({ b: 2 }));
    await expectWaiting(1);
    await fromB(1, "y", "first");
    await expectWaiting(1);
    await fromB(2, "y", "second", { b: 1 });
    const reply = await reading;
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ values: [{ value: "second" }] });
    expect(replica.waits.size).toBe(0);
  });

  it("makes a write wait, so its clock covers the context", async () => {
    const writing = kv("PUT", "/kv/reply?wait=5000", token({ b: 1 }), "yes");
    await expectWaiting(1);
    await fromB(1, "post", "hello");
    const reply = await writing;
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ clock: { a: 1, b: 1 } });
  });

  it("is cancelled when the client disconnects", async () => {
    const controller = new AbortController();
    const reading = fetch(`${base}/kv/y?wait=10000`, {
      headers: { [causalContextHeader]: token({ b: 3 }) },
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await expectWaiting(1);
    controller.abort();
    expect(await reading).toBeInstanceOf(Error);
    await waitUntil(() => replica.waits.size === 0);
  });

  it("fails with stale-context when the replica is reset under it", async () => {
    const reading = kv("GET", "/kv/y?wait=10000", token({ b: 1 }));
    await expectWaiting(1);
    epoch = await replica.node.reset();
    const reply = await reading;
    expect(reply.status).toBe(409);
    expect(errorBodySchema.parse(reply.body).error.code).toBe("stale-context");
  });
});

async function expectWaiting(count: number): Promise<void> {
  await waitUntil(() => replica.waits.size === count);
}

async function waitUntil(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
