import { once } from "node:events";
import { createServer, get, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Server as SocketServer } from "socket.io";
import { io } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { createLabServer, type LabServerOptions } from "./labServer.ts";

/** What a replica behind the lab server received. */
interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function listen(server: Server): Promise<string> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  closers.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A stand-in replica: answers every route with what it saw, and serves a Socket.IO stream. */
async function startReplica(): Promise<{
  url: string;
  seen: Seen[];
  streamHeaders: IncomingHttpHeaders[];
}> {
  const seen: Seen[] = [];
  const streamHeaders: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += String(chunk);
    });
    request.on("end", () => {
      seen.push({
        method: request.method ?? "",
        path: request.url ?? "",
        headers: request.headers,
        body,
      });
      response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  const sockets = new SocketServer(server, {
    path: "/prefix/socket.io",
    transports: ["websocket"],
    allowRequest: (request, allow) => {
      streamHeaders.push(request.headers);
      allow(null, true);
    },
  });
  sockets.on("connection", (socket) => socket.emit("hello", socket.handshake.url));
  const url = await listen(server);
  closers.push(() => sockets.close());
  return { url: `${url}/prefix`, seen, streamHeaders };
}

async function startLab(replicaUrl: string, options: Partial<LabServerOptions> = {}) {
  const server = createLabServer({
    replicas: [{ id: "node1", url: replicaUrl }],
    replicaToken: "admin-secret",
    labKey: undefined,
    hostNames: [],
    pages: (_request, response) => void response.end("the dashboard"),
    ...options,
  });
  return listen(server);
}

describe("the lab server's replica proxy", () => {
  it("forwards under the replica's own prefix, adds the token, and keeps the browser's credentials", async () => {
    const replica = await startReplica();
    const lab = await startLab(replica.url);
    const answer = await fetch(`${lab}/replicas/node1/kv/x?after=3`, {
      method: "PUT",
      headers: {
        "content-type": "application/json",
        origin: lab,
        cookie: "session=browser",
        authorization: "Bearer from-the-browser",
      },
      body: '{"value":"1"}',
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ ok: true });
    const [seen] = replica.seen;
    expect(seen?.method).toBe("PUT");
    expect(seen?.path).toBe("/prefix/kv/x?after=3");
    expect(seen?.body).toBe('{"value":"1"}');
    expect(seen?.headers.authorization).toBe("Bearer admin-secret");
    expect(seen?.headers.host).toBe(new URL(replica.url).host);
    expect(seen?.headers).not.toHaveProperty("origin");
    expect(seen?.headers).not.toHaveProperty("cookie");
  });

  it("forwards the Socket.IO upgrade the same way", async () => {
    const replica = await startReplica();
    const lab = await startLab(replica.url);
    const socket = io(lab, {
      path: "/replicas/node1/socket.io",
      transports: ["websocket"],
      extraHeaders: { origin: lab, cookie: "session=browser", authorization: "Bearer x" },
      reconnection: false,
    });
    closers.push(async () => socket.disconnect());
    const handshakeUrl = await new Promise<unknown>((resolve) => socket.once("hello", resolve));
    expect(String(handshakeUrl)).toMatch(/^\/prefix\/socket\.io\/\?/);
    const [headers] = replica.streamHeaders;
    expect(headers?.authorization).toBe("Bearer admin-secret");
    expect(headers).not.toHaveProperty("origin");
    expect(headers).not.toHaveProperty("cookie");
  });

  it("says a replica that does not answer is unreachable", async () => {
    const lab = await startLab("http://127.0.0.1:9/");
    const answer = await fetch(`${lab}/replicas/node1/status`);
    expect(answer.status).toBe(502);
    expect(await answer.json()).toMatchObject({ error: { code: "unreachable" } });
  });

  it("says connection-lost, not unreachable, when the replica hangs up after taking the request", async () => {
    const hangUp = createServer((request) => request.socket.destroy());
    const lab = await startLab(await listen(hangUp));
    const answer = await fetch(`${lab}/replicas/node1/kv/x`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: '{"value":"1"}',
    });
    expect(answer.status).toBe(502);
    expect(await answer.json()).toMatchObject({ error: { code: "connection-lost" } });
  });

  it("refuses another site's page, an unknown replica and a host name it does not know", async () => {
    const replica = await startReplica();
    const lab = await startLab(replica.url);
    const crossSite = await fetch(`${lab}/replicas/node1/control/reset`, {
      method: "POST",
      headers: { origin: "http://evil.example" },
    });
    expect(crossSite.status).toBe(403);
    expect((await fetch(`${lab}/replicas/node9/status`)).status).toBe(404);
    // fetch will not send another Host: a DNS-rebound page's requests carry the attacker's name.
    const port = new URL(lab).port;
    const statusFor = (host: string) =>
      new Promise<number>((resolve, reject) => {
        get({ host: "127.0.0.1", port, path: "/", headers: { host } }, (answer) => {
          answer.resume();
          resolve(answer.statusCode ?? 0);
        }).on("error", reject);
      });
    expect(await statusFor(`attacker.example:${port}`)).toBe(403);
    expect(await statusFor(`127.0.0.2:${port}`)).toBe(200);
    expect(await statusFor(`localhost:${port}`)).toBe(200);
    expect(replica.seen).toEqual([]);
  });
});

describe("the lab key", () => {
  it("lets a watcher read but not change, until it enters the key", async () => {
    const replica = await startReplica();
    const lab = await startLab(replica.url, { labKey: "teacher" });
    const post = (cookie?: string) =>
      fetch(`${lab}/replicas/node1/control/reset`, {
        method: "POST",
        headers: { origin: lab, ...(cookie ? { cookie } : {}) },
      });
    expect((await fetch(`${lab}/replicas/node1/status`)).status).toBe(200);
    const refused = await post();
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: "lab-key-required" } });

    const enter = (key: string) =>
      fetch(`${lab}/lab/key`, {
        method: "POST",
        headers: { origin: lab, "content-type": "application/json" },
        body: JSON.stringify({ key }),
      });
    const wrong = await enter("guess");
    expect(await wrong.json()).toEqual({ keyRequired: true, role: "watcher" });
    expect(wrong.headers.get("set-cookie")).toBeNull();
    const entered = await enter("teacher");
    expect(await entered.json()).toEqual({ keyRequired: true, role: "controller" });
    const cookie = entered.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect((await post(cookie.split(";")[0])).status).toBe(200);
    expect(replica.seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      "GET /prefix/status",
      "POST /prefix/control/reset",
    ]);
  });
});

/** The next `event` a Socket.IO client gets, with its arguments. */
function nextEvent(socket: ReturnType<typeof io>, event: string): Promise<unknown[]> {
  return new Promise((resolve) => socket.once(event, (...args: unknown[]) => resolve(args)));
}

describe("the lab's own stream", () => {
  const connect = (url: string, extraHeaders: Record<string, string> = {}) =>
    io(url, {
      path: "/lab/socket.io",
      transports: ["websocket"],
      extraHeaders,
      reconnection: false,
    });

  it("sends the state on connect and carries out a controller's commands, refusing bad ones", async () => {
    const { url: replica } = await startReplica();
    const lab = await startLab(replica);
    const socket = connect(lab);
    closers.push(async () => socket.close());
    const [state] = await nextEvent(socket, "state");
    expect(state).toMatchObject({ paused: false, speed: 1, stepMessages: false, questions: false });
    const changed = nextEvent(socket, "state");
    expect(await socket.emitWithAck("speed", { speed: 0.25 })).toEqual({ ok: true });
    expect((await changed)[0]).toMatchObject({ speed: 0.25 });
    expect(await socket.emitWithAck("speed", { speed: 3 })).toMatchObject({
      ok: false,
      code: "bad-request",
    });
    expect(await socket.emitWithAck("start", { scenario: "no-such", delivery: "causal" })).toEqual({
      ok: false,
      code: "unknown-scenario",
      message: 'there is no scenario "no-such"',
    });
    // A scenario file is parsed whole before anything runs; the refusal names the step and field.
    const file = { version: 1, id: "mine", title: "Mine", summary: "Mine.", replicas: 1 };
    const badFile = { ...file, steps: [{ kind: "put", at: "node1", key: "x", label: "x" }] };
    const refused = await socket.emitWithAck("start", { file: badFile, delivery: "causal" });
    expect(refused).toMatchObject({ ok: false, code: "bad-request" });
    expect(refused.message).toContain("file.steps[0].value");
    expect(await socket.emitWithAck("next")).toMatchObject({ ok: false, code: "no-run" });
  });

  it("refuses a watcher's commands but takes its answers, and refuses other sites' pages", async () => {
    const { url: replica } = await startReplica();
    const lab = await startLab(replica, { labKey: "teach" });
    const watcher = connect(lab);
    closers.push(async () => watcher.close());
    const [viewer] = await nextEvent(watcher, "viewer");
    expect(viewer).toEqual({ role: "watcher" });
    for (const command of ["pause", "stop", "next"] as const)
      expect(await watcher.emitWithAck(command)).toMatchObject({ code: "lab-key-required" });
    expect(await watcher.emitWithAck("stepMessages", { on: true })).toMatchObject({
      code: "lab-key-required",
    });
    // An answer is anyone's; with no question open it is refused for that reason alone.
    expect(await watcher.emitWithAck("answer", { step: 1, choice: "Apply" })).toMatchObject({
      code: "question-closed",
    });

    const foreign = connect(lab, { origin: "http://evil.example" });
    closers.push(async () => foreign.close());
    const [error] = await nextEvent(foreign, "connect_error");
    expect(String(error)).toMatch(/Forbidden|websocket error/i);
  });
});
