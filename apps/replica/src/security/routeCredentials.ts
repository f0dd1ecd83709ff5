/**
 * Operator and client credentials, checked before a body is read: with ADMIN_TOKEN set, every
 * `/control/*` route needs `Authorization: Bearer <ADMIN_TOKEN>`; with CLIENT_TOKEN set, keys,
 * status, journal and stream need it or the admin token. No token is 401, a wrong one 403, and
 * either way nothing has run.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { FastifyInstance } from "fastify";
import { ApiError } from "../apiError.js";
import { bearerToken, Credential } from "./credential.js";
import { type RouteAccess, routeAccess } from "./routeAccess.js";

export interface TokenOptions {
  readonly adminToken?: string | undefined;
  readonly clientToken?: string | undefined;
}

export class RouteCredentials {
  private readonly admin: Credential | undefined;
  private readonly client: Credential | undefined;

  constructor(options: TokenOptions) {
    this.admin = options.adminToken === undefined ? undefined : new Credential(options.adminToken);
    this.client =
      options.clientToken === undefined ? undefined : new Credential(options.clientToken);
  }

  /** Why a caller presenting `token` may not use a route of this kind, or undefined. */
  refusal(access: RouteAccess, token: string | undefined): ApiError | undefined {
    const accepted = this.accepted(access);
    if (accepted.length === 0) return undefined;
    const who = access === "operator" ? "the admin token" : "the client token";
    if (token === undefined) {
      return new ApiError("unauthorized", `this route needs ${who}: Authorization: Bearer <token>`);
    }
    if (accepted.some((credential) => credential.matches(token))) return undefined;
    return new ApiError("forbidden", `the token sent is not ${who}`);
  }

  /** The same for a request's headers. */
  refuseRequest(access: RouteAccess, headers: IncomingHttpHeaders): ApiError | undefined {
    return this.refusal(access, bearerToken(headers.authorization));
  }

  private accepted(access: RouteAccess): Credential[] {
    const { admin, client } = this;
    if (access === "operator") return admin ? [admin] : [];
    // The admin token opens the client routes too; without a client token they are open.
    if (access === "client" && client) return admin ? [client, admin] : [client];
    return [];
  }
}

export function registerRouteCredentials(
  app: FastifyInstance,
  credentials: RouteCredentials,
): void {
  app.addHook("onRequest", async (request, reply) => {
    const refusal = credentials.refuseRequest(
      routeAccess(request.routeOptions.url),
      request.headers,
    );
    if (refusal === undefined) return;
    if (refusal.status === 401) reply.header("www-authenticate", 'Bearer realm="causal-kv"');
    throw refusal;
  });
}
