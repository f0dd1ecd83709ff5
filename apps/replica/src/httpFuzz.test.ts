/**
 * Fuzzes a real replica's HTTP API with fast-check: random and malformed paths, methods, headers
 * and bodies, one to three at once, never get a 5xx, every refusal is a JSON error body, and
 * refused requests change nothing: clock, store, buffer, links, mode, epoch and the journal's end
 * are byte-identical, and every error a route answered is in the OpenAPI document for that route.
 * The replica runs with an admin and a client token and one allowed origin: requests from other
 * (or forged) origins and hosts, and without the right token, are refused.
 * Afterwards the replica, reopened from its files, shows the same state.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { errorBodySchema, eventsPageSchema, statusResponseSchema } from "@causal-kv/protocol";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReplica, type Replica } from "./createReplica.js";
import {
  type ErrorReply,
  recordErrorReplies,
  undocumentedReplies,
} from "./docs/documentedErrors.testkit.js";
import { fuzzReplicaConfig } from "./fuzzReplicaConfig.testkit.js";
import { type FuzzCluster, type FuzzRequest, fuzzRequests } from "./fuzzRequests.testkit.js";
import { RawHttpClient, type RawReply } from "./rawHttp.testkit.js";

const cluster: FuzzCluster = {
  self: "fuzz1",
  peers: ["peer2", "peer3"],
  secret: "fuzz-secret",
  adminToken: "fuzz-admin-token",
  clientToken: "fuzz-client-token",
  allowedOrigin: "http://lab.example",
};
const asOperator = { authorization: `Bearer ${cluster.adminToken}` };

let dir: string;
let replica: Replica;
let client: RawHttpClient;
let crashes = 0;
let errorReplies: ErrorReply[] = [];

async function startReplica(): Promise<void> {
  replica = createReplica({
    ...fuzzReplicaConfig(cluster, dir),
    crash: () => {
      crashes += 1;
    },
  });
  errorReplies = recordErrorReplies(replica.app);
  const address = new URL(await replica.listen());
  client = new RawHttpClient(address.hostname, Number(address.port), {
    authorization: `Bearer ${cluster.clientToken}`,
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "causal-kv-fuzz-"));
  await startReplica();
});

afterAll(async () => {
  client?.close();
  await replica?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** About 15 s on two cores; each run explores new requests, and a failure prints its seed. */
const numRuns = 400;
let journalCursor = 0;
let journalEpoch = 0;

/** Everything a refused request must leave alone, as text. */
async function stateText(): Promise<string> {
  const status = statusResponseSchema.parse(await client.json("/status"));
  for (;;) {
    const page = eventsPageSchema.parse(await client.json(`/events?after=${journalCursor}`));
    // A fuzzed reset starts a new journal at seq 1: the cursor of the old one would skip it.
    if (page.epoch !== journalEpoch) {
      journalEpoch = page.epoch;
      journalCursor = 0;
      continue;
    }
    if (page.events.length === 0) break;
    journalCursor = page.next;
  }
  const { epoch, members, mode, clock, store, buffer, links } = status;
  return JSON.stringify({
    epoch,
    members,
    mode,
    clock,
    store,
    buffer,
    links,
    journal: journalCursor,
  });
}

describe("the HTTP API under fuzzing", () => {
  it("sees a change of state when one happens", async () => {
    const before = await stateText();
    const put = await client.send({
      method: "PUT",
      path: "/kv/seen",
      headers: { ...asOperator, "content-type": "application/json" },
      body: Buffer.from(JSON.stringify({ value: "v" })),
    });
    expect(put).toMatchObject({ status: 200 });
    const afterWrite = await stateText();
    expect(afterWrite).not.toBe(before);
    const link = await client.send({
      method: "PUT",
      path: "/control/links/peer2",
      headers: { ...asOperator, "content-type": "application/json" },
      body: Buffer.from(JSON.stringify({ delayMs: 1 })),
    });
    expect(link).toMatchObject({ status: 200 });
    expect(await stateText()).not.toBe(afterWrite);
  });

  it("answers what fastify refuses before routing with the same error body", async () => {
    const cases = [
      { path: "/kv/%E0%A4%A", status: 400, code: "malformed-url" },
      { path: `/kv/${"k".repeat(5000)}`, status: 414, code: "parameter-too-long" },
      { path: "/kv/\u00e9", status: 400, code: "bad-request" },
      { path: `/${"k".repeat(20_000)}`, status: 431, code: "headers-too-large" },
    ];
    for (const { path, status, code } of cases) {
      const reply = await client.send({ method: "GET", path, headers: {} });
      if (!("status" in reply)) throw new Error(`GET ${path.slice(0, 40)}: ${reply.reset}`);
      expect(reply.status, path.slice(0, 40)).toBe(status);
      expect(errorBodySchema.parse(JSON.parse(reply.text)).error.code).toBe(code);
    }
  });

  // 400 runs take about 15 s on two idle cores; a loaded machine needs longer, and the time is not
  // what this checks: hence its own limit.
  it("never answers 5xx, refuses with an error body, and a refusal changes nothing", async () => {
    const statuses = new Map<number, number>();
    const refusals = new Map<string, number>();
    let resets = 0;
    let requests = 0;
    /** Checks one reply; true when the request was refused. */
    const judge = (request: FuzzRequest, reply: RawReply): boolean => {
      requests += 1;
      if ("reset" in reply) {
        // A body past the limit may be cut off; a request line that is not HTTP (raw bytes past
        // ASCII) is answered without knowing its method, which a HEAD client cannot parse.
        const oversize = (request.body?.length ?? 0) > 1024 * 1024;
        const notHttp = request.method === "HEAD" && /[^\u0021-\u007e]/.test(request.path);
        expect(oversize || notHttp, reply.reset).toBe(true);
        resets += 1;
        return true;
      }
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      expect(reply.status, reply.text.slice(0, 300)).toBeLessThan(500);
      if (request.mustRefuse) expect(reply.status).toBeGreaterThanOrEqual(400);
      if (reply.status >= 400 && request.method !== "HEAD") {
        expect(reply.headers["content-type"]).toMatch(/^application\/json/);
        const error = errorBodySchema.safeParse(JSON.parse(reply.text));
        expect(error.success, reply.text).toBe(true);
        const code = error.data?.error.code ?? "";
        refusals.set(code, (refusals.get(code) ?? 0) + 1);
      }
      return reply.status >= 400;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fuzzRequests(cluster), { minLength: 1, maxLength: 3 }),
        async (batch) => {
          const before = await stateText();
          // Sent together: a refusal must not disturb the requests in flight beside it.
          const replies = await Promise.all(batch.map((request) => client.send(request)));
          const refused = batch.map((request, i) =>
            judge(request, replies[i] ?? { reset: "none" }),
          );
          if (refused.every(Boolean)) expect(await stateText()).toBe(before);
          expect(crashes).toBe(0);
        },
      ),
      { numRuns },
    );
    const byClass = (low: number) =>
      [...statuses]
        .filter(([status]) => status >= low && status < low + 100)
        .reduce((n, [, c]) => n + c, 0);
    console.log(
      `fuzzed ${requests} requests in ${numRuns} runs: ${byClass(200)} 2xx, ${byClass(300)} 3xx, ${byClass(400)} 4xx, ${resets} cut off; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    // The run reached both sides: accepted changes and refusals.
    expect(byClass(200)).toBeGreaterThan(20);
    expect(byClass(400)).toBeGreaterThan(100);
    expect(undocumentedReplies(errorReplies)).toEqual([]);
    expect(await client.send({ method: "GET", path: "/health", headers: {} })).toMatchObject({
      status: 200,
    });
    // Each kind of crossing was tried, and refused (the property above checked each one).
    const crossings = ["forbidden-origin", "forbidden-host", "unauthorized", "forbidden"];
    for (const code of crossings) expect(refusals.get(code) ?? 0, code).toBeGreaterThan(0);

    // What the replica showed is what it stored: reopened, it shows the same (plus `restart`).
    const shown = JSON.parse(await stateText());
    client.close();
    await replica.close();
    await startReplica();
    const restored = JSON.parse(await stateText());
    expect({ ...restored, journal: 0 }).toEqual({ ...shown, journal: 0 });
    expect(restored.journal).toBe(shown.journal + 1);
  }, 120_000);
});
