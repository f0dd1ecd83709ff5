/**
 * The line a browser cannot cross. A request whose Host header does not name this replica (a DNS
 * rebinding page) or whose Origin is not allowed (a page on another site, a form post included) is
 * refused with a 403 before anything else runs, on every route and on the stream's handshake.
 * Server-side callers send no Origin; a page the replica serves itself (the docs) is its own origin.
 */
import type { IncomingHttpHeaders } from "node:http";
import { causalContextHeader } from "@causal-kv/protocol";
import type { FastifyInstance } from "fastify";
import { ApiError } from "../apiError.js";
import { hostNameOf, isLoopbackHost } from "./hostNames.js";

export interface BoundaryOptions {
  readonly allowedOrigins: readonly string[];
  /** Host names besides loopback ones: this replica's PEERS host, bind address, ALLOWED_HOSTS. */
  readonly hostNames: readonly string[];
  readonly scheme: "http" | "https";
}

const allowedMethods = "GET, PUT, POST, DELETE, OPTIONS";

export class BrowserBoundary {
  private readonly origins: ReadonlySet<string>;
  private readonly hostNames: ReadonlySet<string>;

  constructor(private readonly options: BoundaryOptions) {
    this.origins = new Set(options.allowedOrigins);
    this.hostNames = new Set(options.hostNames.map((name) => hostNameOf(name) ?? name));
  }

  /** Why the request must be refused, or undefined when it may go on. */
  refusal(headers: IncomingHttpHeaders, path: string): ApiError | undefined {
    const host = headers.host;
    // Probes reach /health by whatever name they like; it tells nothing but the replica's id.
    if (path !== "/health" && !this.namesThisReplica(host)) {
      return new ApiError(
        "forbidden-host",
        `the Host header ${JSON.stringify(host ?? "")} does not name this replica; add the name to ALLOWED_HOSTS if it is one`,
      );
    }
    const origin = headers.origin;
    if (origin !== undefined && !this.allowsOrigin(origin, host)) {
      return new ApiError(
        "forbidden-origin",
        `requests from the origin ${JSON.stringify(origin)} are refused: it is not in ALLOWED_ORIGINS`,
      );
    }
    return undefined;
  }

  allowsOrigin(origin: string, host: string | undefined): boolean {
    if (this.origins.has(origin)) return true;
    return host !== undefined && origin === `${this.options.scheme}://${host.toLowerCase()}`;
  }

  private namesThisReplica(host: string | undefined): boolean {
    const name = host === undefined ? undefined : hostNameOf(host);
    return name !== undefined && (isLoopbackHost(name) || this.hostNames.has(name));
  }
}

/** Refuses what crosses the boundary; answers allowed origins' CORS preflights. */
export function registerBrowserBoundary(app: FastifyInstance, boundary: BrowserBoundary): void {
  app.addHook("onRequest", async (request, reply) => {
    const refusal = boundary.refusal(request.headers, request.url.split("?")[0] ?? "");
    if (refusal) throw refusal;
    const origin = request.headers.origin;
    if (origin === undefined || request.url.startsWith("/replicate")) return;
    reply.header("access-control-allow-origin", origin);
    reply.header("vary", "origin");
    // A session in an allowed page must read the context its answers carry.
    reply.header("access-control-expose-headers", causalContextHeader);
    if (request.method === "OPTIONS") {
      reply.header("access-control-allow-methods", allowedMethods);
      reply.header(
        "access-control-allow-headers",
        request.headers["access-control-request-headers"] ?? "content-type, authorization",
      );
      reply.header("access-control-max-age", "600");
    }
  });
  // The preflight of an allowed origin: the hook above has set its headers.
  app.options("/*", async (_request, reply) => reply.status(204).send());
}
