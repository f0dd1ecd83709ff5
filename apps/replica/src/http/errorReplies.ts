/**
 * Every failure becomes `{ error: { code, message } }` with the registry's status: our own
 * ApiErrors, the core's CoreErrors (400), fastify's body errors (bad JSON, wrong content type,
 * too large), its URL errors before routing, and connection-level errors. Anything else is a 500
 * whose details go to the log, never to the client.
 */
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import { CoreError } from "@causal-kv/core";
import type { ApiErrorCode } from "@causal-kv/protocol";
import type {
  FastifyBaseLogger,
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
} from "fastify";
import { ApiError } from "../apiError.js";

const fastifyCodes: Readonly<Record<string, ApiErrorCode>> = {
  FST_ERR_BAD_URL: "malformed-url",
  FST_ERR_MAX_PARAM_LENGTH: "parameter-too-long",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported-media-type",
  FST_ERR_CTP_BODY_TOO_LARGE: "body-too-large",
  FST_ERR_CTP_INVALID_JSON_BODY: "malformed-json",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "invalid-body",
};

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof CoreError) return new ApiError(error.code, error.message);
  if (typeof error === "object" && error !== null) {
    const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
    const known = typeof code === "string" ? fastifyCodes[code] : undefined;
    if (known) return new ApiError(known);
    // The JSON parser's own errors (bad syntax, a forbidden __proto__) carry a 400.
    if (error instanceof SyntaxError && statusCode === 400) return new ApiError("malformed-json");
    if (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500) {
      return new ApiError("invalid-body");
    }
  }
  return new ApiError("internal");
}

/**
 * The answer to a request whose handling threw `error`: the registry's status and body. A failure
 * of the replica's own (a 5xx) is logged with its details, which the client never sees.
 */
export function failedRequest(error: unknown, log: FastifyBaseLogger): ApiError {
  const apiError = toApiError(error);
  // An unreached context is an answer (retry later), not a failure of the replica.
  if (apiError.status >= 500 && apiError.code !== "context-not-reached") {
    log.error({ err: error }, "request failed");
  }
  return apiError;
}

export function registerErrorReplies(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const apiError = failedRequest(error, request.log);
    return reply.status(apiError.status).send(apiError.body);
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new ApiError(
      "not-found",
      `no route ${request.method} ${request.url.slice(0, 200)}`,
    );
    return reply.status(404).send(error.body);
  });
  // Only JSON is accepted (anything else is a 415).
  const parseJson = jsonBodyParser(app);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    let parsed: unknown;
    try {
      parsed = parseJson(typeof body === "string" ? body : body.toString("utf8"));
    } catch (error) {
      done(error as Error, undefined);
      return;
    }
    done(null, parsed);
  });
}

/**
 * The routes' JSON body parser, also used by the direct write path (directWrites.ts): fastify's
 * own, which refuses `__proto__` and `constructor` keys, except that an empty body is no body, so
 * that `POST /control/reset` needs none. Throws the error fastify's parser reports.
 */
export function jsonBodyParser(app: FastifyInstance): (text: string) => unknown {
  const json = app.getDefaultJsonParser("error", "error");
  return (text) => {
    if (text === "") return undefined;
    let outcome: { error: Error | null; value: unknown } | undefined;
    // Fastify's parser is synchronous: it has answered when it returns.
    json(undefined as never, text, (error, value) => {
      outcome = { error, value };
    });
    if (outcome === undefined) throw new Error("the JSON parser did not answer at once");
    if (outcome.error) throw outcome.error;
    return outcome.value;
  };
}

/** Fastify's `frameworkErrors`: a URL that does not decode, or a parameter past the limit. */
export function replyToFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const apiError = toApiError(error);
  if (apiError.status >= 500) request.log.error({ err: error }, "request failed before routing");
  reply.status(apiError.status).send(apiError.body);
}

/** Fastify's `clientErrorHandler`: the request never parsed as HTTP, so the reply is raw. */
export function replyToClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has no one to answer.
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const apiError = new ApiError(
    error.code === "HPE_HEADER_OVERFLOW"
      ? "headers-too-large"
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? "request-timeout"
        : "bad-request",
  );
  const body = JSON.stringify(apiError.body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${apiError.status} ${STATUS_CODES[apiError.status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
