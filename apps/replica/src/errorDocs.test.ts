/**
 * Every error a real replica answers is in its OpenAPI document: each route is driven to each of
 * its refusals, every reply is recorded with its route, and each must be listed there, under its
 * status, with the registry's status (httpFuzz.test.ts checks the same on random requests).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReplica, type Replica } from "./createReplica.js";
import {
  type ErrorReply,
  recordErrorReplies,
  undocumentedReplies,
} from "./docs/documentedErrors.testkit.js";

const secret = "docs-secret";
let dir: string;
let replica: Replica;
let base: string;
let replies: ErrorReply[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "causal-kv-error-docs-"));
  replica = createReplica({
    id: "docs1",
    host: "127.0.0.1",
    port: 0,
    members: { docs1: "http://127.0.0.1:1", docs2: "http://127.0.0.1:1" },
    dataDir: dir,
    clusterSecret: secret,
    logLevel: "silent",
    synchronous: "NORMAL",
    retransmitMs: 60_000,
    crash: () => {},
    // Every request through fastify, whose hook records the replies; the direct write path
    // answers alike (http/directWrites.test.ts).
    directWrites: false,
  });
  replies = recordErrorReplies(replica.app);
  base = await replica.listen();
});

afterAll(async () => {
  await replica?.close();
  rmSync(dir, { recursive: true, force: true });
});

const json = { "content-type": "application/json" };
const peer = { ...json, "x-cluster-secret": secret };
const write = { origin: "docs2", clock: { docs2: 1 }, key: "k", value: "v" };

/** [method, path, body, headers, the code it must get]. */
type Refusal = readonly [string, string, string | undefined, Record<string, string>, string];

const refusals: Refusal[] = [
  ["GET", "/nowhere", undefined, {}, "not-found"],
  ["GET", "/kv/%E0%A4%A", undefined, {}, "malformed-url"],
  ["GET", `/kv/${"k".repeat(5000)}`, undefined, {}, "parameter-too-long"],
  ["GET", "/events?after=-1", undefined, {}, "invalid-cursor"],
  ["GET", `/kv/${"k".repeat(257)}`, undefined, {}, "invalid-key"],
  ["GET", "/kv/missing", undefined, {}, "key-not-found"],
  ["HEAD", "/kv/missing", undefined, {}, "key-not-found"],
  ["PUT", "/kv/a", '{"value":1}', json, "invalid-value"],
  ["PUT", "/kv/a", JSON.stringify({ value: "v".repeat(1024 * 1024 + 1) }), json, "value-too-large"],
  ["PUT", "/kv/a", "{", json, "malformed-json"],
  ["PUT", "/kv/a", "v", { "content-type": "text/plain" }, "unsupported-media-type"],
  ["PUT", "/kv/a", `"${"v".repeat(9 * 1024 * 1024)}"`, json, "body-too-large"],
  ["PUT", `/kv/${"k".repeat(257)}`, '{"value":"v"}', json, "invalid-key"],
  ["DELETE", `/kv/${"k".repeat(257)}`, undefined, {}, "invalid-key"],
  ["POST", "/replicate", JSON.stringify(write), json, "unauthorized"],
  ["POST", "/replicate", JSON.stringify(write), { ...json, "x-cluster-secret": "no" }, "forbidden"],
  ["GET", "/kv/a", undefined, { origin: "http://elsewhere.example" }, "forbidden-origin"],
  ["GET", "/replicate/state", undefined, {}, "unauthorized"],
  ["GET", "/replicate/state", undefined, { "x-cluster-secret": "no" }, "forbidden"],
  ["POST", "/replicate", '"garbage"', peer, "invalid-replicate-body"],
  ["POST", "/replicate", "{", peer, "malformed-json"],
  ["POST", "/replicate", JSON.stringify({ ...write, origin: "ghost" }), peer, "unknown-replica"],
  [
    "POST",
    "/replicate",
    JSON.stringify({ ...write, origin: "docs1", clock: { docs1: 9 } }),
    peer,
    "invalid-write",
  ],
  // The copy held here (sent below, before the refusals) says "v".
  ["POST", "/replicate", JSON.stringify({ ...write, value: "w" }), peer, "integrity-conflict"],
  ["POST", "/replicate", JSON.stringify({ epoch: 1, messages: [write] }), peer, "stale-epoch"],
  ["POST", "/replicate", JSON.stringify({ epoch: 99, messages: [write] }), peer, "epoch-ahead"],
  ["PUT", "/control/links/docs9", '{"delayMs":5}', json, "unknown-peer"],
  ["PUT", "/control/links/docs2", '{"delayMs":-5}', json, "invalid-link"],
  ["PUT", "/control/links/docs2", "{", json, "malformed-json"],
  ["POST", "/control/held/h9/release", undefined, {}, "held-not-found"],
  ["POST", "/control/held/h9/drop", undefined, {}, "held-not-found"],
  ["POST", "/control/mode", '{"delivery":"fifo"}', json, "invalid-body"],
  ["POST", "/control/reset", '{"epoch":1}', json, "epoch-not-newer"],
  ["POST", "/control/reset", '{"epoch":-1}', json, "invalid-body"],
  ["POST", "/control/crash", "v", { "content-type": "text/plain" }, "unsupported-media-type"],
];

describe("the OpenAPI document's errors", () => {
  it("list every error each route answered, under its status", async () => {
    // At epoch 2, a batch from epoch 1 is stale and a reset to 1 is not newer.
    const reset = await fetch(`${base}/control/reset`, {
      method: "POST",
      headers: json,
      body: '{"epoch":2}',
    });
    expect(reset.status).toBe(200);
    await reset.arrayBuffer();
    const held = await fetch(`${base}/replicate`, {
      method: "POST",
      headers: peer,
      body: JSON.stringify(write),
    });
    expect(held.status).toBe(200);
    await held.arrayBuffer();
    replies.length = 0;
    for (const [method, path, body, headers, code] of refusals) {
      const init: RequestInit = { method, headers };
      if (body !== undefined) init.body = body;
      const reply = await fetch(`${base}${path}`, init);
      const text = await reply.text();
      const answered = method === "HEAD" ? replies.at(-1)?.code : JSON.parse(text).error?.code;
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(answered, `${method} ${path.slice(0, 40)}`).toBe(code);
    }
    // fastify answers a URL it cannot route (frameworkErrors) past the hooks; any request may.
    const beforeRouting = new Set(["malformed-url", "parameter-too-long"]);
    expect(replies.map(({ code }) => code)).toEqual(
      refusals.map(([, , , , code]) => code).filter((code) => !beforeRouting.has(code)),
    );
    expect(undocumentedReplies(replies)).toEqual([]);
  });

  it("would catch a code answered on a route that does not list it", () => {
    expect(
      undocumentedReplies([
        { method: "GET", route: "/kv/:key", status: 404, code: "held-not-found" },
        { method: "GET", route: "/kv/:key", status: 400, code: "key-not-found" },
        { method: "PUT", route: "/kv/:key", status: 418, code: "teapot" },
        { method: "GET", route: "/events", status: 413, code: "body-too-large" },
        { method: "OPTIONS", route: "/*", status: 400, code: "invalid-value" },
        // Documented: for any request, for a body no operation takes, for a GET's HEAD twin.
        { method: "GET", route: undefined, status: 404, code: "not-found" },
        { method: "OPTIONS", route: "/*", status: 415, code: "unsupported-media-type" },
        { method: "HEAD", route: "/kv/:key", status: 404, code: "key-not-found" },
      ]),
    ).toEqual([
      "GET /events: 413 body-too-large is not documented there",
      "GET /kv/:key: 404 held-not-found is not documented there",
      "GET /kv/:key: key-not-found came with 400, the registry says 404",
      "OPTIONS /*: 400 invalid-value is not documented there",
      "PUT /kv/:key: 418 teapot is not in the registry",
    ]);
  });
});
