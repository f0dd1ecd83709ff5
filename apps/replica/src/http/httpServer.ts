/**
 * The replica's HTTP (or, with TLS files, HTTPS) server, with the limits that keep a client from
 * holding it: the whole request must arrive within the request timeout (a client trickling its
 * headers or body is answered 408 and cut off), idle kept-alive connections close, and beyond the
 * connection cap new connections are refused.
 */
import * as http from "node:http";
import * as https from "node:https";
import type { HttpLimits } from "../replicaConfig.js";
import { serverTlsOptions, type TlsMaterial } from "../security/tlsOptions.js";

/** How often node looks for requests past their timeouts; a trickle is cut off this much late. */
const timeoutCheckMs = 1000;

export function createHttpServer(
  limits: HttpLimits,
  tls: TlsMaterial | undefined,
  handler: http.RequestListener,
): http.Server {
  const options = {
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    connectionsCheckingInterval: Math.min(timeoutCheckMs, limits.requestTimeoutMs),
  };
  // An https.Server hands the handler the same request and response objects as an http.Server,
  // and fastify and Socket.IO use nothing else of it.
  const server = tls
    ? (https.createServer(
        { ...options, ...serverTlsOptions(tls) },
        handler,
      ) as unknown as http.Server)
    : http.createServer(options, handler);
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  return server;
}
