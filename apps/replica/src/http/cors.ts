/**
 * CORS for the browser-facing routes: the dashboard runs on another origin. `CORS_ORIGIN` lists
 * the allowed origins (default: any). `/replicate` is for peers only and gets no CORS headers, so
 * a web page cannot post to it. Pages may send and read the `causal-context` header.
 */
import { causalContextHeader } from "@causal-kv/protocol";
import type { FastifyInstance } from "fastify";

const allowedMethods = "GET, PUT, POST, DELETE, OPTIONS";

export function registerCors(app: FastifyInstance, allowed: true | readonly string[]): void {
  const permits = (origin: string) => allowed === true || allowed.includes(origin);
  app.addHook("onRequest", async (request, reply) => {
    const origin = request.headers.origin;
    if (origin === undefined || request.url.startsWith("/replicate") || !permits(origin)) return;
    reply.header("access-control-allow-origin", origin);
    reply.header("vary", "origin");
    // A session in the browser must read the context its answers carry.
    reply.header("access-control-expose-headers", causalContextHeader);
    if (request.method === "OPTIONS") {
      reply.header("access-control-allow-methods", allowedMethods);
      reply.header(
        "access-control-allow-headers",
        request.headers["access-control-request-headers"] ?? "content-type",
      );
      reply.header("access-control-max-age", "600");
    }
  });
  // Preflight requests: the hook above has set the headers (or refused by leaving them out).
  app.options("/*", async (_request, reply) => reply.status(204).send());
}
