/**
 * The direct write path answers exactly as fastify's route does: two real replicas, the same in
 * every way but that one serves plain writes directly, get the same random requests in the same
 * order (writes to plain and odd keys, JSON good and bad, content types, causal contexts, queries,
 * origins, hosts, tokens), and every answer must match in status, body and the headers a client
 * reads. Which path served each request is checked too: exactly the plain ones go direct.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { causalContextHeader } from "@causal-kv/protocol";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReplica, type Replica } from "../createReplica.js";
import { type FuzzCluster, kvBodies, malformedJson } from "../fuzzBodies.testkit.js";
import { extraHeaders } from "../fuzzHeaders.testkit.js";
import { fuzzReplicaConfig } from "../fuzzReplicaConfig.testkit.js";
import { RawHttpClient, type RawReply } from "../rawHttp.testkit.js";

const cluster: FuzzCluster = {
  self: "node1",
  peers: ["node2", "node3"],
  secret: "direct-secret",
  adminToken: "direct-admin-token",
  clientToken: "direct-client-token",
  allowedOrigin: "http://lab.example",
};

let dir: string;
const replicas: Replica[] = [];
/** The replica serving plain writes directly, and the one where fastify serves every request. */
let direct: RawHttpClient;
let routed: RawHttpClient;
let directReplica: Replica | undefined;

function servedDirectly(): number {
  return directReplica?.directWrites?.served ?? 0;
}

async function start(directWrites: boolean): Promise<RawHttpClient> {
  const replica = createReplica({
    ...fuzzReplicaConfig(cluster, join(dir, String(directWrites))),
    directWrites,
  });
  if (directWrites) directReplica = replica;
  replicas.push(replica);
  const address = new URL(await replica.listen());
  return new RawHttpClient(address.hostname, Number(address.port));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "causal-kv-direct-writes-"));
  direct = await start(true);
  routed = await start(false);
});

afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** Keys that need no decoding (mostly), and ones the direct path must leave to fastify. */
const paths = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("/kv/a", "/kv/b.c", "/kv/x_y-z~1", "/kv/k1") },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "/kv/.",
      "/kv/..",
      `/kv/${"k".repeat(256)}`,
      `/kv/${"k".repeat(257)}`,
      "/kv/a%20b",
      "/kv/%E0%A4%A",
      "/kv/a?wait=0",
      "/kv/a?wait=-1",
      "/kv/a/",
      "/kv/",
      "/KV/a",
    ),
  },
);
const contentTypes = fc.constantFrom(
  "application/json",
  "application/json",
  "application/json; charset=utf-8",
  "Application/JSON",
  "application/json;charset=UTF-8",
  "application/json; charset=latin1",
  "text/plain",
  undefined,
);
const bodies = fc.oneof(
  { weight: 4, arbitrary: kvBodies },
  { weight: 1, arbitrary: malformedJson },
  { weight: 1, arbitrary: fc.constantFrom("", "null", "[]", '{"value":"v","extra":1}') },
);
/** A context the replicas have reached (the last answer's), a foreign one, or garbage. */
const contexts = fc.constantFrom("last", "last", "garbage", "foreign", undefined, undefined);
const methods = fc.constantFrom("PUT", "PUT", "PUT", "PUT", "POST", "DELETE");

const requests = fc.record({
  method: methods,
  path: paths,
  contentType: contentTypes,
  body: bodies,
  context: contexts,
  headers: extraHeaders(cluster),
});

type Generated = typeof requests extends fc.Arbitrary<infer T> ? T : never;

/** What a client reads of an answer; the rest (Date, Connection) differs by design. */
function observed(reply: RawReply) {
  if ("reset" in reply) return { reset: true };
  const { headers } = reply;
  return {
    status: reply.status,
    text: reply.text,
    contentType: headers["content-type"],
    context: headers[causalContextHeader],
    authenticate: headers["www-authenticate"],
    cors: headers["access-control-allow-origin"],
  };
}

let lastContext: string | undefined;

function headersOf(generated: Generated): Record<string, string> {
  const headers: Record<string, string> = { ...generated.headers };
  if (generated.contentType !== undefined) headers["content-type"] = generated.contentType;
  if (generated.context === "last" && lastContext !== undefined) {
    headers[causalContextHeader] = lastContext;
  } else if (generated.context === "garbage") {
    headers[causalContextHeader] = "not a context";
  } else if (generated.context === "foreign" && lastContext !== undefined) {
    // Another cluster's context: the same shape, other members.
    headers[causalContextHeader] = lastContext.replace(/^[^.]*/, "AAAA");
  }
  return headers;
}

/** Whether the direct path must take the request: every check of take(), made independently. */
function plain(method: string, path: string, headers: Record<string, string>): boolean {
  const key = path.slice("/kv/".length);
  const token = /^bearer +(\S+) *$/i.exec(headers.authorization ?? "")?.[1];
  const host = headers.host?.replace(/:\d+$/, "");
  return (
    method === "PUT" &&
    /^\/kv\/[A-Za-z0-9._~-]{1,256}$/.test(path) &&
    key !== "." &&
    key !== ".." &&
    headers.origin === undefined &&
    ["application/json", "application/json; charset=utf-8"].includes(
      (headers["content-type"] ?? "").toLowerCase(),
    ) &&
    (host === undefined || ["localhost", "127.0.0.1", "[::1]"].includes(host)) &&
    (token === cluster.clientToken || token === cluster.adminToken)
  );
}

describe("the direct write path", () => {
  it("answers every request as fastify's route does, and takes exactly the plain ones", async () => {
    let taken = 0;
    let routedCount = 0;
    await fc.assert(
      fc.asyncProperty(requests, async (generated) => {
        const headers = headersOf(generated);
        const request = {
          method: generated.method,
          path: generated.path,
          headers,
          body: Buffer.from(generated.body),
        };
        const before = servedDirectly();
        const viaDirect = observed(await direct.send(request));
        const viaRoute = observed(await routed.send(request));
        expect(viaDirect).toEqual(viaRoute);
        // A request node's client would not send (or a body the server cut off) reached no path.
        if ("reset" in viaDirect) return;
        const skipped = servedDirectly() === before + 1;
        expect(skipped, `${generated.method} ${generated.path} ${JSON.stringify(headers)}`).toBe(
          plain(generated.method, generated.path, headers),
        );
        if (skipped) taken += 1;
        else routedCount += 1;
        if ("context" in viaDirect && typeof viaDirect.context === "string") {
          lastContext = viaDirect.context;
        }
      }),
      { numRuns: 400 },
    );
    // Both kinds were sent in numbers, so the comparison covered the direct path.
    expect(taken).toBeGreaterThan(50);
    expect(routedCount).toBeGreaterThan(50);
  });

  it("reads a body of many reads whole, characters split between reads included", async () => {
    // Two-, three- and four-byte characters after an odd prefix: the socket's reads of this
    // 600 KB body end inside characters, which must be decoded across the break.
    const value = `x${"é日😀".repeat(60_000)}`;
    const request = {
      method: "PUT",
      path: "/kv/wide",
      headers: {
        authorization: `Bearer ${cluster.clientToken}`,
        "content-type": "application/json",
      },
      body: Buffer.from(JSON.stringify({ value })),
    };
    const before = servedDirectly();
    for (const client of [direct, routed]) {
      const reply = await client.send(request);
      if (!("status" in reply)) throw new Error(`reset: ${reply.reset}`);
      expect(reply.status, reply.text.slice(0, 200)).toBe(200);
      expect(JSON.parse(reply.text).value === value).toBe(true);
    }
    expect(servedDirectly()).toBe(before + 1);
  });
});
