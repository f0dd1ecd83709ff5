/**
 * The HTTP contract of one replica in a three-replica cluster with a cluster secret: shapes of the
 * happy paths, and every bad input of the issue answered with a 4xx error body, changing nothing.
 */
import {
  errorBodySchema,
  eventsPageSchema,
  statusResponseSchema,
  valuesResponseSchema,
  writeResponseSchema,
} from "@causal-kv/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Cluster,
  type ReplicaProcess,
  resetAll,
  startCluster,
  waitFor,
} from "./cluster.testkit.js";

const secret = "s3cret";
let cluster: Cluster;
let node1: ReplicaProcess;
let node2: ReplicaProcess;

beforeAll(async () => {
  cluster = await startCluster({ env: { CLUSTER_SECRET: secret } });
  node1 = cluster.node(0);
  node2 = cluster.node(1);
  // Epoch 1, so that a reset to epoch 0 is one to an older epoch.
  await resetAll(cluster);
});

afterAll(async () => {
  await cluster?.close();
});

describe("the client API", () => {
  it("answers /health", async () => {
    const reply = await node1.request("GET", "/health");
    expect(reply).toMatchObject({ status: 200, body: { ok: true, id: "node1" } });
  });

  it("writes, reads, replicates and deletes a key", async () => {
    const put = await node1.request("PUT", "/kv/greeting", { value: "hello" });
    expect(put.status).toBe(200);
    const written = writeResponseSchema.parse(put.body);
    expect(written).toMatchObject({ key: "greeting", value: "hello", origin: "node1" });
    expect(written.clock.node1).toBeGreaterThanOrEqual(1);

    const get = await node1.request("GET", "/kv/greeting");
    expect(valuesResponseSchema.parse(get.body)).toEqual({
      key: "greeting",
      values: [{ value: "hello", clock: written.clock, origin: "node1" }],
      conflict: false,
    });
    await waitFor(
      async () => (await node2.request("GET", "/kv/greeting")).status === 200,
      "node2 to get greeting",
    );

    const deleted = await node2.request("DELETE", "/kv/greeting");
    expect(writeResponseSchema.parse(deleted.body)).toMatchObject({ value: null, origin: "node2" });
    expect((await node2.request("GET", "/kv/greeting")).status).toBe(404);
    await waitFor(
      async () => (await node1.request("GET", "/kv/greeting")).status === 404,
      "the delete to reach node1",
    );
  });

  it("takes keys of 256 characters and any characters, URL-encoded", async () => {
    const key = `${"k".repeat(255)}é`;
    const put = await node1.request("PUT", `/kv/${encodeURIComponent(key)}`, { value: "v" });
    expect(put.status).toBe(200);
    const get = await node1.request("GET", `/kv/${encodeURIComponent(key)}`);
    expect(valuesResponseSchema.parse(get.body).key).toBe(key);
  });

  it("pages through the journal with a cursor", async () => {
    const first = eventsPageSchema.parse(
      (await node1.request("GET", "/events?after=0&limit=2")).body,
    );
    expect(first.events.map((event) => event.seq)).toEqual([1, 2]);
    expect(first.next).toBe(2);
    const rest = eventsPageSchema.parse(
      (await node1.request("GET", `/events?after=${first.next}`)).body,
    );
    expect(rest.events[0]?.seq).toBe(3);
    const end = eventsPageSchema.parse(
      (await node1.request("GET", `/events?after=${rest.next}`)).body,
    );
    expect(end).toMatchObject({ events: [], next: rest.next });
  });

  it("returns 404 with an error body for an unknown key and an unknown route", async () => {
    for (const [method, path] of [
      ["GET", "/kv/never-written"],
      ["GET", "/nope"],
    ] as const) {
      const reply = await node1.request(method, path);
      expect(reply.status).toBe(404);
      expect(errorBodySchema.safeParse(reply.body).success).toBe(true);
    }
  });
});

describe("bad input", () => {
  const json = { "content-type": "application/json" };
  const peer = { ...json, "x-cluster-secret": secret };
  // Well formed, and not a copy of a write node1 holds (which would be checked against it).
  const good = { origin: "node2", clock: { node2: 1000 }, key: "x", value: "v" };
  const text = (body: unknown) => JSON.stringify(body);
  interface BadRequest {
    name: string;
    request: string;
    body?: string;
    headers?: Record<string, string>;
    status: number;
    code: string;
  }
  const bad = (
    name: string,
    request: string,
    status: number,
    code: string,
    body?: string,
    headers: Record<string, string> = body === undefined ? {} : json,
  ): BadRequest =>
    body === undefined
      ? { name, request, status, code, headers }
      : { name, request, status, code, body, headers };
  const bigValue = text({ value: "x".repeat(1024 * 1024 + 1) });
  const cases: BadRequest[] = [
    bad("malformed JSON", "PUT /kv/a", 400, "malformed-json", "{"),
    bad("a non-JSON content type", "PUT /kv/a", 415, "unsupported-media-type", "v", {
      "content-type": "text/plain",
    }),
    bad("a missing value", "PUT /kv/a", 400, "invalid-value", "{}"),
    bad("a numeric value", "PUT /kv/a", 400, "invalid-value", '{"value":5}'),
    bad("a null value", "PUT /kv/a", 400, "invalid-value", '{"value":null}'),
    bad("an array body", "PUT /kv/a", 400, "invalid-value", '["v"]'),
    bad("no body", "PUT /kv/a", 400, "invalid-value"),
    bad("a value over 1 MiB", "PUT /kv/a", 413, "value-too-large", bigValue),
    bad(
      "a key over 256 characters",
      `PUT /kv/${"k".repeat(257)}`,
      400,
      "invalid-key",
      '{"value":"v"}',
    ),
    bad(
      "a forbidden __proto__",
      "PUT /kv/a",
      400,
      "malformed-json",
      '{"value":"v","__proto__":{"x":1}}',
    ),
    bad("replicate without the secret", "POST /replicate", 401, "unauthorized", text(good)),
    bad("replicate with a wrong secret", "POST /replicate", 403, "forbidden", text(good), {
      ...json,
      "x-cluster-secret": "guess",
    }),
    bad("replicate garbage", "POST /replicate", 400, "invalid-replicate-body", '"garbage"', peer),
    bad("replicate an array", "POST /replicate", 400, "invalid-replicate-body", text([good]), peer),
    bad("replicate malformed JSON", "POST /replicate", 400, "malformed-json", "{{", peer),
    bad(
      "an unknown origin",
      "POST /replicate",
      400,
      "unknown-replica",
      text({ ...good, origin: "node9", clock: { node9: 1 } }),
      peer,
    ),
    bad(
      "an unknown id in a clock",
      "POST /replicate",
      400,
      "unknown-replica",
      text({ ...good, clock: { node2: 1, node7: 2 } }),
      peer,
    ),
    bad(
      "a negative clock entry",
      "POST /replicate",
      400,
      "invalid-replicate-body",
      text({ ...good, clock: { node2: 1, node3: -1 } }),
      peer,
    ),
    bad(
      "a non-integer clock entry",
      "POST /replicate",
      400,
      "invalid-replicate-body",
      text({ ...good, clock: { node2: 1.5 } }),
      peer,
    ),
    bad(
      "a batch with one bad message",
      "POST /replicate",
      400,
      "invalid-replicate-body",
      text({ messages: [good, { ...good, clock: { node2: 2, node1: -3 } }] }),
      peer,
    ),
    bad(
      "a batch with one unknown origin",
      "POST /replicate",
      400,
      "unknown-replica",
      text({ messages: [good, { ...good, origin: "ghost" }] }),
      peer,
    ),
    bad(
      "a write claiming to be ours",
      "POST /replicate",
      400,
      "invalid-write",
      text({ ...good, origin: "node1", clock: { node1: 999 } }),
      peer,
    ),
    bad(
      "a link to an unknown peer",
      "PUT /control/links/node9",
      404,
      "unknown-peer",
      '{"delayMs":5}',
    ),
    bad("a link to itself", "PUT /control/links/node1", 404, "unknown-peer", '{"delayMs":5}'),
    bad("a negative delay", "PUT /control/links/node2", 400, "invalid-link", '{"delayMs":-5}'),
    bad(
      "a non-numeric delay",
      "PUT /control/links/node2",
      400,
      "invalid-link",
      '{"delayMs":"slow"}',
    ),
    bad("a negative jitter", "PUT /control/links/node2", 400, "invalid-link", '{"jitterMs":-1}'),
    bad("a drop rate above 1", "PUT /control/links/node2", 400, "invalid-link", '{"dropRate":2}'),
    bad("an unknown link setting", "PUT /control/links/node2", 400, "invalid-link", '{"speed":2}'),
    bad("an unknown mode", "POST /control/mode", 400, "invalid-body", '{"delivery":"fifo"}'),
    bad("a reset to an older epoch", "POST /control/reset", 409, "epoch-not-newer", '{"epoch":0}'),
    bad(
      "a reset past 2^53 - 1",
      "POST /control/reset",
      400,
      "invalid-body",
      '{"epoch":9007199254740992}',
    ),
    bad(
      "a batch carrying another replica's writes",
      "POST /replicate",
      400,
      "invalid-replicate-body",
      text({ epoch: 1, from: "node3", messages: [good] }),
      peer,
    ),
    bad("a negative reset epoch", "POST /control/reset", 400, "invalid-body", '{"epoch":-1}'),
    bad("a null reset body", "POST /control/reset", 400, "invalid-body", "null"),
    bad("a non-integer events cursor", "GET /events?after=1.5", 400, "invalid-cursor"),
    bad("a negative events cursor", "GET /events?after=-1", 400, "invalid-cursor"),
    bad("a text events cursor", "GET /events?after=abc", 400, "invalid-cursor"),
    bad("an unknown held message", "POST /control/held/h999/release", 404, "held-not-found"),
  ];

  it("answers each with a 4xx error body and changes nothing", async () => {
    await waitFor(async () => {
      const status = statusResponseSchema.parse((await node1.request("GET", "/status")).body);
      return Object.values(status.unacknowledged).every((count) => count === 0);
    }, "node1 to settle");
    const before = (await node1.request("GET", "/status")).text;
    const eventsBefore = (await node1.request("GET", "/events?after=0&limit=1000")).text;
    for (const { name, request, body, headers, status, code } of cases) {
      const [method, path] = request.split(" ");
      const init: RequestInit = { method: method ?? "GET", headers: headers ?? {} };
      if (body !== undefined) init.body = body;
      const response = await fetch(`${node1.url}${path}`, init);
      const reply = await response.text();
      expect(response.status, name).toBe(status);
      const error = errorBodySchema.safeParse(JSON.parse(reply));
      expect(error.success, `${name}: ${reply}`).toBe(true);
      expect(error.data?.error.code, name).toBe(code);
      expect(reply, name).not.toMatch(/\bat .*\.(js|ts):\d+/);
    }
    expect((await node1.request("GET", "/status")).text).toBe(before);
    expect((await node1.request("GET", "/events?after=0&limit=1000")).text).toBe(eventsBefore);
  });

  it("accepts peer traffic with the secret, which replication itself uses", async () => {
    const reply = await node1.request(
      "POST",
      "/replicate",
      { epoch: 0, messages: [] },
      {
        "x-cluster-secret": secret,
      },
    );
    expect(reply.status).toBe(400);
    const put = await node2.request("PUT", "/kv/with-secret", { value: "ok" });
    expect(put.status).toBe(200);
    await waitFor(
      async () => (await node1.request("GET", "/kv/with-secret")).status === 200,
      "a write to replicate with the secret",
    );
  });
});
