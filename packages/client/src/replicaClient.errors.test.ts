// How ReplicaClient turns failures into ReplicaErrors with the registry's codes: a real replica
// refusing bad input, an address nobody answers, and real servers that answer what no replica would.
import type { ErrorCode } from "@causal-kv/protocol";
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, test } from "vitest";
import {
  type AnsweringServer,
  answerWith,
  startAnsweringServer,
} from "./answeringServer.testkit.js";
import { failureOf } from "./failureOf.testkit.js";
import { freePorts, type RealReplicas, startReplicas } from "./realReplicas.testkit.js";
import { ReplicaClient } from "./replicaClient.js";
import { ReplicaError } from "./replicaError.js";

describe("a real replica refusing input", () => {
  let cluster: RealReplicas;
  let node1: ReplicaClient;

  beforeAll(async () => {
    cluster = await startReplicas(2);
    node1 = cluster.client("node1");
  });
  afterAll(() => cluster?.stop());

  test("a key over 256 characters: 400 invalid-key with the reason, nothing written", async () => {
    const refused = await failureOf(node1.put("k".repeat(257), "1"));
    expect(refused).toBeInstanceOf(ReplicaError);
    expect(refused).toMatchObject({
      name: "ReplicaError",
      code: "invalid-key",
      status: 400,
      replicaUrl: cluster.url("node1"),
      answered: true,
      definite: true,
    });
    expectTypeOf(refused.code).toEqualTypeOf<ErrorCode>();
    expect(refused.message).toContain("at most 256 characters");
    expect(await node1.journal()).toEqual([]);
  });

  test("a value over 1 MiB: 413 value-too-large, nothing written", async () => {
    const refused = await failureOf(node1.put("big", "v".repeat(1024 * 1024 + 1)));
    expect(refused).toMatchObject({ code: "value-too-large", status: 413, definite: true });
    expect(refused.message).toContain("at most 1048576 bytes");
    expect((await node1.status()).clock.node1).toBe(0);
  });

  test('"." and ".." cannot be put in a URL path, so they are refused before sending', async () => {
    for (const key of [".", ".."]) {
      for (const request of [node1.put(key, "1"), node1.get(key), node1.delete(key)]) {
        const refused = await failureOf(request);
        expect(refused).toMatchObject({ code: "invalid-key", status: 400, definite: true });
        expect(refused.message).toBe(`the key "${key}" cannot be addressed in a URL path`);
      }
    }
    expect(await node1.journal()).toEqual([]);
  });
});

describe("no answer", () => {
  test("a port nobody listens on: unreachable, definite (nothing was sent), with the address and the request", async () => {
    const [port] = await freePorts(1);
    const url = `http://127.0.0.1:${port}`;
    const refused = await failureOf(new ReplicaClient(url).put("x", "1"));
    expect(refused).toMatchObject({ code: "unreachable", status: 0, replicaUrl: url });
    expect(refused).toMatchObject({ answered: false, definite: true });
    expect(refused.message).toContain(`${url} did not answer PUT /kv/x`);
    expect(refused.message).toContain("ECONNREFUSED");
  });

  test("a fetch that wraps its failure (as the CLI's does) is still read to its cause", async () => {
    const [port] = await freePorts(1);
    const wrapping: typeof fetch = async (input, init) => {
      try {
        return await fetch(input, init);
      } catch (error) {
        throw new Error("connect ECONNREFUSED", { cause: error });
      }
    };
    const client = new ReplicaClient(`http://localhost:${port}`, { fetch: wrapping });
    expect(await failureOf(client.health())).toMatchObject({ code: "unreachable", definite: true });
  });

  describe("servers that stall or hang up", () => {
    let server: AnsweringServer | undefined;
    afterEach(() => server?.close());

    test("a server that never answers: timeout, indefinite (the write may have arrived)", async () => {
      server = await startAnsweringServer(() => {});
      const client = new ReplicaClient(server.url, { timeoutMs: 200 });
      const refused = await failureOf(client.put("x", "1"));
      expect(refused).toMatchObject({ code: "timeout", status: 0, answered: false });
      expect(refused.definite).toBe(false);
      expect(refused.message).toContain("did not answer PUT /kv/x");
      expect(server.requests).toEqual(["PUT /kv/x"]);
    });

    test("an answer cut off mid-body is no answer: connection-lost, not a raw fetch error", async () => {
      server = await startAnsweringServer((_request, response) => {
        response.writeHead(200, { "content-type": "application/json", "content-length": "500" });
        response.write('{"id":"node1","epoch":0,');
        setTimeout(() => response.destroy(), 20);
      });
      const refused = await failureOf(new ReplicaClient(server.url).status());
      expect(refused).toMatchObject({ code: "connection-lost", status: 0, definite: false });
      expect(refused.message).toContain("did not answer GET /status");
    });

    test("a gateway's 502 unreachable (the lab server for a replica that did not answer) is no answer", async () => {
      const message = "node3 did not answer: connect ECONNREFUSED 127.0.0.1:5003";
      server = await startAnsweringServer(
        answerWith(502, { error: { code: "unreachable", message } }),
      );
      const refused = await failureOf(new ReplicaClient(server.url).crash());
      expect(refused).toMatchObject({ code: "unreachable", status: 0, message });
      expect(refused).toMatchObject({ answered: false, definite: true });
    });

    test("a gateway's 502 connection-lost (the replica hung up after the request left) is no answer, indefinite", async () => {
      const message = "node3 did not answer: socket hang up";
      server = await startAnsweringServer(
        answerWith(502, { error: { code: "connection-lost", message } }),
      );
      const refused = await failureOf(new ReplicaClient(server.url).put("x", "1"));
      expect(refused).toMatchObject({ code: "connection-lost", status: 0, message });
      expect(refused).toMatchObject({ answered: false, definite: false });
    });

    test("any other 502 is an answer: the gateway's status, its code in the message", async () => {
      server = await startAnsweringServer(
        answerWith(502, { error: { code: "bad-gateway", message: "upstream spoke nonsense" } }),
      );
      const refused = await failureOf(new ReplicaClient(server.url).status());
      expect(refused).toMatchObject({ code: "http-error", status: 502, answered: true });
      expect(refused.message).toContain("bad-gateway: upstream spoke nonsense");
    });

    test("a body that stalls past the timeout: timeout", async () => {
      server = await startAnsweringServer((_request, response) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.write('{"events":[');
      });
      const refused = await failureOf(new ReplicaClient(server.url, { timeoutMs: 200 }).journal());
      expect(refused).toMatchObject({ code: "timeout", status: 0, definite: false });
    });
  });
});

describe("answers no replica would give", () => {
  let server: AnsweringServer | undefined;
  afterEach(() => server?.close());

  test("a health answer of the wrong shape is rejected by the schema", async () => {
    server = await startAnsweringServer(answerWith(200, { ok: "yes", id: "node1" }));
    const refused = await failureOf(new ReplicaClient(server.url).health());
    expect(refused).toMatchObject({ code: "bad-response", status: 200, replicaUrl: server.url });
    expect(refused.definite).toBe(false);
    expect(refused.message).toContain("GET /health answered an unexpected shape");
    expect(refused.message).toContain("ok");
  });

  test("a 200 that is not JSON at all is rejected", async () => {
    server = await startAnsweringServer(answerWith(200, "<html>hello</html>"));
    const refused = await failureOf(new ReplicaClient(server.url).put("x", "1"));
    expect(refused).toMatchObject({ code: "bad-response", status: 200 });
  });

  test("a status with a negative clock entry is rejected", async () => {
    server = await startAnsweringServer(
      answerWith(200, {
        id: "node1",
        epoch: 0,
        members: ["node1"],
        mode: "causal",
        clock: { node1: -1 },
        store: {},
        buffer: [],
        links: {},
        unacknowledged: {},
      }),
    );
    const refused = await failureOf(new ReplicaClient(server.url).status());
    expect(refused).toMatchObject({ code: "bad-response" });
    expect(refused.message).toContain("clock");
  });

  test("a journal page with an event of an unknown type is rejected", async () => {
    const event = { seq: 1, time: 0, replica: "node1", clock: { node1: 0 }, type: "teleport" };
    server = await startAnsweringServer(answerWith(200, { events: [event], next: 1, epoch: 0 }));
    const refused = await failureOf(new ReplicaClient(server.url).journal());
    expect(refused).toMatchObject({ code: "bad-response" });
    expect(refused.message).toContain("GET /events?after=0");
  });

  test("a read whose values list is empty is rejected, not taken as absent", async () => {
    server = await startAnsweringServer(answerWith(200, { key: "x", values: [], conflict: false }));
    const refused = await failureOf(new ReplicaClient(server.url).get("x"));
    expect(refused).toMatchObject({ code: "bad-response" });
  });

  test("an error status with the protocol's error body keeps its code, message and definite", async () => {
    const message = "the disk did not confirm the sync";
    server = await startAnsweringServer(
      answerWith(500, { error: { code: "storage-sync-failed", message } }),
    );
    const refused = await failureOf(new ReplicaClient(server.url).put("x", "1"));
    expect(refused).toMatchObject({
      code: "storage-sync-failed",
      message,
      status: 500,
      answered: true,
      definite: false,
    });
  });

  test("an error status with some other body becomes http-error with the status", async () => {
    server = await startAnsweringServer(answerWith(500, "Internal Server Error"));
    const refused = await failureOf(new ReplicaClient(server.url).reset());
    expect(refused).toMatchObject({ code: "http-error", status: 500, definite: false });
    expect(refused.message).toBe("POST /control/reset answered 500");
  });

  test("an error code outside the registry becomes http-error, keeping what it said", async () => {
    for (const code of ["teleport-failed", "timeout", "toString"]) {
      server = await startAnsweringServer(
        answerWith(409, { error: { code, message: "something happened" } }),
      );
      const refused = await failureOf(new ReplicaClient(server.url).put("x", "1"));
      expect(refused, code).toMatchObject({ code: "http-error", status: 409, definite: false });
      expect(refused.message).toBe(`PUT /kv/x answered 409 ${code}: something happened`);
      await server.close();
      server = undefined;
    }
  });

  test("a 404 that is not the replica's key-not-found is a failure, not an absent key", async () => {
    server = await startAnsweringServer(
      answerWith(404, { error: { code: "not-found", message: "no such route" } }),
    );
    const refused = await failureOf(new ReplicaClient(server.url).get("x"));
    expect(refused).toMatchObject({ code: "not-found", status: 404, definite: true });
  });

  test("the replica's key-not-found is an absent key", async () => {
    server = await startAnsweringServer(
      answerWith(404, { error: { code: "key-not-found", message: 'no value for key "x"' } }),
    );
    expect(await new ReplicaClient(server.url).get("x")).toBeUndefined();
    expect(server.requests).toEqual(["GET /kv/x"]);
  });
});
