/**
 * The browser attacks of issue 13, replayed against real replica processes run as `npm start`
 * runs them (loopback, an admin token, a cluster secret) plus a client token: a page on another
 * site posting a bodiless reset from the user's own browser, reading or writing keys, opening the
 * live stream; a DNS-rebinding page naming the replica by its own host name; a caller without the
 * operator's token; an HTML form. Each is refused, and the cluster is left exactly as it was.
 */
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, type Headers, startCluster } from "../cluster.testkit.js";
import { RawHttpClient } from "../rawHttp.testkit.js";
import { acknowledgeWrites, type Baseline, errorCode, expectUnchanged } from "./attacks.testkit.js";

const adminToken = "the-operators-admin-token";
const clientToken = "the-clients-token";
const clusterSecret = "the-cluster-secret";
const evil = "https://attacker.example";
let cluster: Cluster;
let baseline: Baseline;

beforeAll(async () => {
  cluster = await startCluster({
    env: { ADMIN_TOKEN: adminToken, CLIENT_TOKEN: clientToken, CLUSTER_SECRET: clusterSecret },
    token: adminToken,
  });
  baseline = await acknowledgeWrites(cluster);
});

afterAll(async () => {
  await cluster?.close();
});

interface Attack {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly headers: Headers;
}

const form = { "content-type": "application/x-www-form-urlencoded" };

describe("a page on another site, in the user's own browser", () => {
  it("cannot reset, crash, write, read or replicate, with or without a body", async () => {
    const attacks: Attack[] = [
      // A bodiless POST needs no CORS preflight: the browser sends it as it is.
      {
        method: "POST",
        path: "/control/reset",
        headers: { origin: evil, authorization: undefined },
      },
      { method: "POST", path: "/control/reset", body: "", headers: { origin: evil, ...form } },
      { method: "POST", path: "/control/crash", headers: { origin: evil } },
      { method: "POST", path: "/control/reset", body: "{}", headers: { origin: "null" } },
      {
        method: "PUT",
        path: "/kv/acked-node1",
        body: '{"value":"pwned"}',
        headers: { origin: evil },
      },
      { method: "GET", path: "/status", headers: { origin: evil } },
      { method: "GET", path: "/events?after=0", headers: { origin: evil } },
      {
        method: "OPTIONS",
        path: "/control/reset",
        headers: { origin: evil, "access-control-request-method": "POST" },
      },
      {
        method: "POST",
        path: "/replicate",
        body: '{"origin":"node2","clock":{"node2":99},"key":"x","value":"forged"}',
        headers: { origin: evil, "x-cluster-secret": clusterSecret },
      },
      // An origin made to look like the replica's own, or like loopback.
      { method: "POST", path: "/control/reset", headers: { origin: "http://127.0.0.1" } },
      { method: "POST", path: "/control/reset", headers: { origin: `${evil}.127.0.0.1.nip.io` } },
    ];
    for (const node of cluster.nodes) {
      for (const { method, path, body, headers } of attacks) {
        const reply = await node.request(method, path, body, headers);
        const what = `${method} ${path} from ${headers.origin} at ${node.id}`;
        expect(reply.status, what).toBe(403);
        expect(errorCode(reply.body), what).toBe("forbidden-origin");
      }
    }
    await expectUnchanged(cluster, baseline);
  });

  it("cannot reach a replica through DNS rebinding: a Host that is not the replica's is refused", async () => {
    for (const node of cluster.nodes) {
      const { hostname, port } = new URL(node.url);
      const raw = new RawHttpClient(hostname, Number(port));
      try {
        for (const host of [`attacker.example:${port}`, "127.0.0.1.attacker.example", "node1"]) {
          for (const [method, path] of [
            ["GET", "/status"],
            ["GET", "/kv/acked-node1"],
            ["POST", "/control/reset"],
            ["GET", "/control/links"],
          ] as const) {
            const reply = await raw.send({
              method,
              path,
              headers: { host, authorization: `Bearer ${adminToken}` },
            });
            if (!("status" in reply)) throw new Error(`${method} ${path}: ${reply.reset}`);
            expect(reply.status, `${method} ${path} as ${host}`).toBe(403);
            expect(errorCode(JSON.parse(reply.text))).toBe("forbidden-host");
          }
        }
        // Probes may name the replica as they like: /health tells nothing but its id.
        const health = await raw.send({
          method: "GET",
          path: "/health",
          headers: { host: "probe" },
        });
        expect(health).toMatchObject({ status: 200 });
      } finally {
        raw.close();
      }
    }
    await expectUnchanged(cluster, baseline);
  });

  it("cannot watch the live stream, nor can anyone without the client token", async () => {
    const node = cluster.node(0);
    const attempt = (options: Parameters<typeof io>[1]) =>
      new Promise<string>((resolve) => {
        const socket = io(node.url, { forceNew: true, reconnection: false, ...options });
        socket.on("snapshot", () => {
          socket.disconnect();
          resolve("watching");
        });
        socket.on("connect_error", (error) => {
          socket.disconnect();
          resolve(`refused: ${error.message}`);
        });
      });
    const transports = ["websocket"];
    const fromEvil = await attempt({
      transports,
      extraHeaders: { origin: evil },
      auth: { token: adminToken },
    });
    expect(fromEvil).toMatch(/^refused/);
    expect(await attempt({ transports })).toMatch(/^refused: .*client token/);
    expect(await attempt({ transports, auth: { token: "guess" } })).toMatch(
      /^refused: .*not the client token/,
    );
    // The polling handshake, as a page's script would open it (node's XHR cannot set Origin).
    const { hostname, port } = new URL(node.url);
    const raw = new RawHttpClient(hostname, Number(port));
    try {
      const handshakes: Record<string, string>[] = [
        { origin: evil },
        { host: `attacker.example:${port}` },
      ];
      for (const headers of handshakes) {
        const reply = await raw.send({
          method: "GET",
          path: "/socket.io/?EIO=4&transport=polling",
          headers,
        });
        expect(reply, JSON.stringify(headers)).toMatchObject({ status: 403 });
      }
    } finally {
      raw.close();
    }
    expect(await attempt({ transports: ["websocket"], auth: { token: clientToken } })).toBe(
      "watching",
    );
    expect(
      await attempt({
        transports: ["websocket"],
        extraHeaders: { authorization: `Bearer ${adminToken}` },
      }),
    ).toBe("watching");
  });
});

describe("a caller without the operator's token", () => {
  const controls: Attack[] = [
    { method: "GET", path: "/control/links", headers: {} },
    { method: "PUT", path: "/control/links/node2", body: '{"partitioned":true}', headers: {} },
    { method: "GET", path: "/control/held", headers: {} },
    { method: "POST", path: "/control/held/h1/release", headers: {} },
    { method: "POST", path: "/control/mode", body: '{"delivery":"naive"}', headers: {} },
    { method: "POST", path: "/control/reset", headers: {} },
    { method: "POST", path: "/control/reset", body: '{"epoch":99}', headers: {} },
    { method: "POST", path: "/control/crash", headers: {} },
  ];

  it("gets 401 without a token and 403 with a wrong one or the client's, and nothing changes", async () => {
    const tokens = [
      { authorization: undefined, status: 401, code: "unauthorized" },
      { authorization: "Bearer guess", status: 403, code: "forbidden" },
      { authorization: `Bearer ${clientToken}`, status: 403, code: "forbidden" },
      { authorization: `Basic ${adminToken}`, status: 401, code: "unauthorized" },
    ];
    for (const node of cluster.nodes) {
      for (const { method, path, body } of controls) {
        for (const { authorization, status, code } of tokens) {
          const reply = await node.request(method, path, body, { authorization });
          const what = `${method} ${path} with ${authorization} at ${node.id}`;
          expect(reply.status, what).toBe(status);
          expect(errorCode(reply.body), what).toBe(code);
        }
      }
    }
    const refused = await cluster.node(0).request("POST", "/control/reset", undefined, {
      authorization: undefined,
    });
    expect(refused.text).toContain("admin token");
    await expectUnchanged(cluster, baseline);
  });

  it("cannot read or write keys, status or journal without the client token", async () => {
    const node = cluster.node(1);
    for (const [method, path, body] of [
      ["GET", "/kv/acked-node1", undefined],
      ["PUT", "/kv/acked-node1", '{"value":"overwritten"}'],
      ["DELETE", "/kv/acked-node1", undefined],
      ["GET", "/status", undefined],
      ["GET", "/events?after=0", undefined],
    ] as const) {
      const anonymous = await node.request(method, path, body, { authorization: undefined });
      expect(anonymous.status, `${method} ${path}`).toBe(401);
      const wrong = await node.request(method, path, body, { authorization: "Bearer guess" });
      expect(wrong.status, `${method} ${path}`).toBe(403);
    }
    const read = await node.request("GET", "/kv/acked-node1", undefined, {
      authorization: `Bearer ${clientToken}`,
    });
    expect(read.status).toBe(200);
    expect(
      (await node.request("GET", "/health", undefined, { authorization: undefined })).status,
    ).toBe(200);
    await expectUnchanged(cluster, baseline);
  });

  it("cannot post an HTML form: routes that change state take JSON, or no body", async () => {
    const node = cluster.node(2);
    const forms: Attack[] = [
      { method: "POST", path: "/control/mode", body: "delivery=naive", headers: form },
      {
        method: "POST",
        path: "/control/mode",
        body: '{"delivery":"naive"}',
        headers: { "content-type": "text/plain" },
      },
      {
        method: "POST",
        path: "/control/reset",
        body: "--x\r\nContent-Disposition: form-data; name=epoch\r\n\r\n9\r\n--x--\r\n",
        headers: { "content-type": "multipart/form-data; boundary=x" },
      },
      { method: "PUT", path: "/kv/acked-node1", body: "value=pwned", headers: form },
      {
        method: "PUT",
        path: "/control/links/node1",
        body: "partitioned=true",
        headers: form,
      },
    ];
    for (const { method, path, body, headers } of forms) {
      const reply = await node.request(method, path, body, headers);
      expect(reply.status, `${method} ${path} as ${headers["content-type"]}`).toBe(415);
      expect(errorCode(reply.body)).toBe("unsupported-media-type");
    }
    await expectUnchanged(cluster, baseline);
  });
});
