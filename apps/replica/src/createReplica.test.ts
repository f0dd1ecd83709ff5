/**
 * createReplica in process, a cluster of one: what needs no peers, through fastify's inject (a body
 * too large to send over a real socket without racing the server's early 413).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { errorBodySchema, valuesResponseSchema } from "@causal-kv/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReplica, type Replica } from "./createReplica.js";

let dir: string;
let replica: Replica;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "causal-kv-solo-"));
  replica = createReplica({
    id: "solo",
    host: "127.0.0.1",
    port: 0,
    members: { solo: "http://127.0.0.1:1" },
    dataDir: dir,
    allowedOrigins: ["http://localhost:3000"],
    logLevel: "silent",
    synchronous: "NORMAL",
  });
  await replica.listen();
});

afterAll(async () => {
  await replica?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a replica of one", () => {
  it("writes and reads", async () => {
    const put = await replica.app.inject({ method: "PUT", url: "/kv/a", payload: { value: "1" } });
    expect(put.json()).toEqual({ key: "a", value: "1", origin: "solo", clock: { solo: 1 } });
    const get = await replica.app.inject({ method: "GET", url: "/kv/a" });
    expect(valuesResponseSchema.parse(get.json()).values).toHaveLength(1);
  });

  it("answers a body over the route's limit with 413 and an error body", async () => {
    const reply = await replica.app.inject({
      method: "PUT",
      url: "/kv/a",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ value: "x".repeat(9 * 1024 * 1024) }),
    });
    expect(reply.statusCode).toBe(413);
    expect(errorBodySchema.parse(reply.json()).error.code).toBe("body-too-large");
  });

  it("allows an allowed origin, but not on the peer route", async () => {
    const origin = "http://localhost:3000";
    const preflight = await replica.app.inject({
      method: "OPTIONS",
      url: "/kv/a",
      headers: { origin, "access-control-request-method": "PUT" },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe(origin);
    expect(preflight.headers["access-control-allow-methods"]).toContain("PUT");
    const status = await replica.app.inject({ method: "GET", url: "/status", headers: { origin } });
    expect(status.headers["access-control-allow-origin"]).toBe(origin);
    const peer = await replica.app.inject({
      method: "OPTIONS",
      url: "/replicate",
      headers: { origin, "access-control-request-method": "POST" },
    });
    expect(peer.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("has no links and no peers to reach", async () => {
    const reply = await replica.app.inject({ method: "GET", url: "/control/links" });
    expect(reply.json()).toEqual({ links: {} });
  });
});
