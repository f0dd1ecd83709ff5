/**
 * `PUT /kv/<key>` served straight on node:http, before fastify: the client write is the replica's
 * busiest path, and fastify's router, hook chain and request and reply objects cost it about as
 * much CPU as the write's own commit (measured in the speed bench). It takes a request only when
 * every check fastify's route would make gives the same result here, made by the same functions:
 * a key of unreserved URL characters that keySchema accepts (nothing to decode), no query, no
 * Origin (CORS answers are the boundary hook's), a JSON content type, a Content-Length within the
 * route's body limit, a Host the boundary accepts and credentials that open client routes. The
 * body is parsed by the routes' own JSON parser and the write made by the routes' own KvWrites.
 * Everything else, refusals included, goes to fastify untouched and is answered as it always was;
 * directWrites.test.ts sends the same requests both ways and compares the answers.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { causalContextHeader, keySchema } from "@causal-kv/protocol";
import type { FastifyBaseLogger } from "fastify";
import type { BrowserBoundary } from "../security/browserBoundary.js";
import type { RouteCredentials } from "../security/routeCredentials.js";
import { failedRequest } from "./errorReplies.js";
import { kvBodyLimit } from "./kvRoutes.js";
import type { KvWrites } from "./kvWrites.js";

export interface DirectWritesOptions {
  readonly writes: KvWrites;
  readonly boundary: BrowserBoundary;
  readonly credentials: RouteCredentials;
  /** The routes' JSON body parser (errorReplies.ts). */
  readonly parseJson: (text: string) => unknown;
  readonly log: FastifyBaseLogger;
}

/** `/kv/` and a key needing no decoding: RFC 3986's unreserved characters only. */
const plainWriteUrl = /^\/kv\/[A-Za-z0-9._~-]+$/;
const digits = /^[0-9]+$/;
const jsonTypes: ReadonlySet<string> = new Set([
  "application/json",
  "application/json; charset=utf-8",
]);
const jsonContentType = "application/json; charset=utf-8";

export class DirectWrites {
  private taken = 0;

  constructor(private readonly options: DirectWritesOptions) {}

  /** Requests served here so far. */
  get served(): number {
    return this.taken;
  }

  /** Serves the request and returns true, or returns false having read and written nothing. */
  take(request: IncomingMessage, response: ServerResponse): boolean {
    const { method, url, headers } = request;
    if (method !== "PUT" || url === undefined || !plainWriteUrl.test(url)) return false;
    const key = url.slice("/kv/".length);
    if (!keySchema.safeParse(key).success) return false;
    if (headers.origin !== undefined || headers["transfer-encoding"] !== undefined) return false;
    const type = headers["content-type"];
    if (type === undefined || !jsonTypes.has(type.toLowerCase())) return false;
    const length = headers["content-length"];
    if (length === undefined || !digits.test(length) || Number(length) > kvBodyLimit) return false;
    const { boundary, credentials } = this.options;
    if (boundary.refusal(headers, url) !== undefined) return false;
    if (credentials.refuseRequest("client", headers) !== undefined) return false;
    this.taken += 1;
    this.serve(request, response, key);
    return true;
  }

  private serve(request: IncomingMessage, response: ServerResponse, key: string): void {
    // Decoded as it comes, as fastify's parser reads a body: no buffer of the whole body is made.
    let text = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      text += chunk;
    });
    request.on("end", () => {
      let body: unknown;
      try {
        body = this.options.parseJson(text);
      } catch (error) {
        this.fail(response, error);
        return;
      }
      const write = { key, headers: request.headers, wait: undefined, response };
      this.options.writes.put(write, body).then(
        (answer) => send(response, 200, answer.json, answer.context),
        (error: unknown) => this.fail(response, error),
      );
    });
  }

  /** As fastify's error handler answers a failed route (errorReplies.ts). */
  private fail(response: ServerResponse, error: unknown): void {
    const apiError = failedRequest(error, this.options.log);
    send(response, apiError.status, JSON.stringify(apiError.body), undefined);
  }
}

function send(
  response: ServerResponse,
  status: number,
  payload: string,
  context: string | undefined,
): void {
  if (response.headersSent || response.destroyed) return;
  const headers: Record<string, string | number> = {
    "content-type": jsonContentType,
    "content-length": Buffer.byteLength(payload),
  };
  if (context !== undefined) headers[causalContextHeader] = context;
  response.writeHead(status, headers);
  response.end(payload);
}
