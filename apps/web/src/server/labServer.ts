/**
 * The lab's one front door: a single HTTP server that serves the dashboard (Next.js), forwards
 * `/replicas/<id>/…` (HTTP and the Socket.IO upgrade) to each replica, takes the lab key at
 * `/lab/key`, and runs the lab's scenarios (LabRuns) with their own stream at `/lab/socket.io`.
 * The browser talks to nothing else, so the lab works from any address it is opened at. While a
 * run is on, faults, modes, resets and crashes by hand are refused: they would mix with it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { ReplicaClient } from "@causal-kv/client";
import {
  apiErrors,
  type LabServerErrorCode,
  labServerErrors,
  labSocketPath,
} from "@causal-kv/protocol";
import { clusterOf } from "@causal-kv/scenarios";
import { z } from "zod";
import {
  changesState,
  controllerCookie,
  controllerCookieHeader,
  cookieValue,
  keyMatches,
  labAccess,
} from "./labAccess.ts";
import { LabRuns } from "./labRuns.ts";
import { attachLabSocket } from "./labSocket.ts";
import { forwardRequest, forwardUpgrade, type ReplicaTarget } from "./replicaProxy.ts";
import { hostAllowed, sameOrigin } from "./requestGuard.ts";

export interface LabServerOptions {
  readonly replicas: readonly { readonly id: string; readonly url: string }[];
  readonly replicaToken: string | undefined;
  readonly labKey: string | undefined;
  /** Names the Host header may carry besides addresses, localhost and this machine's name. */
  readonly hostNames: readonly string[];
  /** Everything that is not a replica or the lab key: the dashboard's pages and assets. */
  readonly pages: (request: IncomingMessage, response: ServerResponse) => void;
  /** Other upgrades (Next's dev-mode reload); without it they are refused. */
  readonly pageUpgrade?: (request: IncomingMessage, socket: Socket, head: Buffer) => void;
}

const replicaRoute = /^\/replicas\/([^/?]+)(.*)$/;
const keyBodySchema = z.object({ key: z.string().max(1000) });
const oneYearS = 365 * 24 * 3600;

function sendJson(response: ServerResponse, status: number, body: unknown, headers = {}): void {
  response
    .writeHead(status, {
      "content-type": "application/json",
      "cache-control": "no-store",
      ...headers,
    })
    .end(JSON.stringify(body));
}

/** A refusal of the lab server's own, with its registry status (or a replica's code for bad input). */
function sendError(
  response: ServerResponse,
  code: LabServerErrorCode | "bad-request",
  message?: string,
): void {
  const status = code === "bad-request" ? apiErrors[code].status : labServerErrors[code].status;
  const sentence = message ?? (code === "bad-request" ? "" : labServerErrors[code].message);
  sendJson(response, status, { error: { code, message: sentence } });
}

async function readBody(request: IncomingMessage, limit: number): Promise<string | undefined> {
  let text = "";
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > limit) return undefined;
  }
  return text;
}

/** A change by hand that a running scenario would not expect: links, modes, resets, crashes. */
function mixesWithRun(method: string | undefined, replicaPath: string): boolean {
  if (method === "GET" || method === "HEAD") return false;
  return /^\/control\/(links|mode|reset|crash)(\/|$)/.test(replicaPath);
}

export function createLabServer(options: LabServerOptions): Server {
  const targets = new Map<string, ReplicaTarget>(
    options.replicas.map(({ id, url }) => [id, { id, url, token: options.replicaToken }]),
  );
  const access = (request: IncomingMessage) =>
    labAccess(options.labKey, cookieValue(request.headers.cookie, controllerCookie));
  const routeOf = (request: IncomingMessage) => replicaRoute.exec(request.url ?? "/");
  // The runs reach the replicas straight, with the lab's token, as the proxy does.
  const runs = new LabRuns(
    clusterOf(
      Object.fromEntries(
        options.replicas.map(({ id, url }) => [
          id,
          new ReplicaClient(url, { token: options.replicaToken, timeoutMs: 5000 }),
        ]),
      ),
    ),
  );

  const takeKey = async (request: IncomingMessage, response: ServerResponse) => {
    const secure = "encrypted" in request.socket && request.socket.encrypted === true;
    if (request.method === "GET") return sendJson(response, 200, access(request));
    if (options.labKey === undefined) return sendJson(response, 200, access(request));
    if (request.method === "DELETE") {
      const cookie = controllerCookieHeader(options.labKey, secure, 0);
      return sendJson(
        response,
        200,
        { keyRequired: true, role: "watcher" },
        { "set-cookie": cookie },
      );
    }
    if (request.method !== "POST")
      return sendError(response, "method-not-allowed", "/lab/key takes GET, POST or DELETE");
    const text = await readBody(request, 4096);
    const parsed = keyBodySchema.safeParse(text === undefined ? undefined : safeJson(text));
    if (!parsed.success) return sendError(response, "bad-request", 'send {"key": "…"}');
    // A wrong key is an answer, not a failure: this browser stays a watcher.
    if (!keyMatches(options.labKey, parsed.data.key))
      return sendJson(response, 200, { keyRequired: true, role: "watcher" });
    const cookie = controllerCookieHeader(options.labKey, secure, oneYearS);
    sendJson(response, 200, { keyRequired: true, role: "controller" }, { "set-cookie": cookie });
  };

  const server = createServer((request, response) => {
    const { host, origin } = request.headers;
    if (!hostAllowed(host, options.hostNames)) {
      response.writeHead(403, { "content-type": "text/plain" });
      return void response.end(
        `This lab does not answer to the host name "${host ?? ""}"; set PUBLIC_HOST to use it.\n`,
      );
    }
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const replica = routeOf(request);
    if (!replica && path !== "/lab/key") return options.pages(request, response);
    if (!sameOrigin(origin, host))
      return sendError(response, "cross-origin", `requests from ${origin} are refused`);
    if (!replica) return void takeKey(request, response).catch(() => response.destroy());
    const [, id = "", rest = ""] = replica;
    const target = targets.get(id);
    if (!target) return sendError(response, "no-such-replica", `there is no replica ${id}`);
    if (
      changesState(request.method, rest.split("?")[0] ?? "") &&
      access(request).role !== "controller"
    )
      return sendError(response, "lab-key-required");
    const busy = runs.busy();
    const replicaPath = rest.split("?")[0] ?? "";
    if (busy && mixesWithRun(request.method, replicaPath))
      return sendError(response, "run-in-progress", busy);
    if (request.method === "POST" && replicaPath === "/control/reset") runs.forgetFinished();
    forwardRequest(request, response, target, rest);
  });

  server.on("upgrade", (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const { host, origin } = request.headers;
    const replica = routeOf(request);
    // The lab's own stream: its Socket.IO server takes the upgrade.
    if ((request.url ?? "").startsWith(`${labSocketPath}/`)) return;
    if (!replica) {
      if (options.pageUpgrade && hostAllowed(host, options.hostNames))
        return options.pageUpgrade(request, socket, head);
      return void socket.destroy();
    }
    const target = targets.get(replica[1] ?? "");
    if (!target || !hostAllowed(host, options.hostNames) || !sameOrigin(origin, host)) {
      return void socket.end(
        "HTTP/1.1 403 Forbidden\r\nconnection: close\r\ncontent-length: 0\r\n\r\n",
      );
    }
    forwardUpgrade(request, socket, head, target, replica[2] ?? "");
  });
  attachLabSocket(server, { runs, access, hostNames: options.hostNames });
  return server;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
