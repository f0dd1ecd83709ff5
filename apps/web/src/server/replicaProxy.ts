/**
 * Forwards one browser request, or one WebSocket upgrade, to a replica. What the browser sent about
 * itself (Origin, Cookie, Authorization) stays here: the replica sees a server-side caller with the
 * lab's token. A replica that does not answer is reported as the client would report it calling
 * directly: `unreachable` when the request never reached it (definite: nothing changed),
 * `connection-lost` when the connection broke after it may have (indefinite); the client reads both
 * as no answer at all.
 */
import {
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from "node:http";
import { connect, type Socket } from "node:net";

/** Headers about one hop, or about the browser, that are never passed on. */
const dropped = new Set([
  "origin",
  "cookie",
  "authorization",
  "referer",
  "host",
  "connection",
  "keep-alive",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "forwarded",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
]);
const droppedFromReplica = new Set(["connection", "keep-alive", "transfer-encoding", "set-cookie"]);

export interface ReplicaTarget {
  readonly id: string;
  /** The replica's base URL as the server reaches it, maybe with a path prefix of its own. */
  readonly url: string;
  /** Sent as `Authorization: Bearer …`. */
  readonly token: string | undefined;
}

/** The replica-side path of `rest` ("/kv/x?y"): under the target's own prefix, if it has one. */
export function replicaPath(target: ReplicaTarget, rest: string): string {
  const prefix = new URL(target.url).pathname.replace(/\/+$/, "");
  return `${prefix}${rest.startsWith("/") ? rest : `/${rest}`}`;
}

export function forwardedHeaders(
  incoming: IncomingHttpHeaders,
  target: ReplicaTarget,
): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value !== undefined && !dropped.has(name)) headers[name] = value;
  }
  headers.host = new URL(target.url).host;
  if (target.token !== undefined) headers.authorization = `Bearer ${target.token}`;
  return headers;
}

/** The protocol registry's codes for no answer that this server can tell apart. */
type NoAnswerCode = "unreachable" | "connection-lost";

function noAnswerBody(target: ReplicaTarget, code: NoAnswerCode, reason: string): string {
  const message = `${target.id} did not answer: ${reason}`;
  return JSON.stringify({ error: { code, message } });
}

export function forwardRequest(
  incoming: IncomingMessage,
  response: ServerResponse,
  target: ReplicaTarget,
  rest: string,
): void {
  const to = new URL(target.url);
  const upstream = request(
    {
      host: to.hostname,
      port: to.port || 80,
      method: incoming.method,
      path: replicaPath(target, rest),
      headers: forwardedHeaders(incoming.headers, target),
    },
    (answer) => {
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined && !droppedFromReplica.has(name)) headers[name] = value;
      }
      response.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(response);
      // A replica that dies mid-answer: the browser must see no answer, not a short one.
      answer.on("close", () => {
        if (!answer.complete) response.destroy();
      });
    },
  );
  // Until its socket connects nothing of the request has left: a failure then changed nothing.
  let connected = false;
  upstream.on("socket", (socket) => {
    if (!socket.connecting) connected = true;
    else
      socket.once("connect", () => {
        connected = true;
      });
  });
  upstream.on("error", (error) => {
    if (response.headersSent) return void response.destroy();
    const code = connected ? "connection-lost" : "unreachable";
    response
      .writeHead(502, { "content-type": "application/json" })
      .end(noAnswerBody(target, code, error.message));
  });
  response.on("close", () => {
    if (!response.writableFinished) upstream.destroy();
  });
  incoming.pipe(upstream);
}

/** A raw HTTP/1.1 request head: the upgrade request as the replica must receive it. */
function requestHead(incoming: IncomingMessage, target: ReplicaTarget, rest: string): string {
  const headers = forwardedHeaders(incoming.headers, target);
  headers.connection = "Upgrade";
  headers.upgrade = incoming.headers.upgrade ?? "websocket";
  const lines = Object.entries(headers).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((v) => `${name}: ${v}\r\n`),
  );
  return `${incoming.method ?? "GET"} ${replicaPath(target, rest)} HTTP/1.1\r\n${lines.join("")}\r\n`;
}

/** Splices the browser's socket to the replica's once the replica accepts the connection. */
export function forwardUpgrade(
  incoming: IncomingMessage,
  client: Socket,
  head: Buffer,
  target: ReplicaTarget,
  rest: string,
): void {
  const to = new URL(target.url);
  const upstream = connect(Number(to.port || 80), to.hostname);
  let refused = false;
  upstream.once("connect", () => {
    upstream.write(requestHead(incoming, target, rest));
    if (head.length > 0) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on("error", (error) => {
    if (upstream.bytesRead > 0) return void client.destroy();
    refused = true;
    const body = noAnswerBody(target, "unreachable", error.message);
    client.end(
      `HTTP/1.1 502 Bad Gateway\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  client.on("error", () => upstream.destroy());
  client.on("close", () => upstream.destroy());
  upstream.on("close", () => {
    if (!refused) client.destroy();
  });
}
