/**
 * Checks the OpenAPI document against what a replica really answers: every error reply is
 * recorded with the route that sent it, and each must be a registered code, with the registry's
 * status, listed under that status for that operation, or one the document says any request (or
 * any body no operation takes) may get. The docs pages are not operations of the API.
 */
import { apiErrors, errorBodySchema, isApiErrorCode } from "@causal-kv/protocol";
import type { FastifyInstance } from "fastify";
import { docsPrefix } from "../http/docsRoutes.js";
import { anyRequestErrors, bodyErrors, boundaryErrors } from "./apiOperations.js";
import { buildOpenApiDocument, type JsonSchema } from "./openApiDocument.js";

export interface ErrorReply {
  readonly method: string;
  /** The route as fastify registered it (`/kv/:key`), or undefined when none matched. */
  readonly route: string | undefined;
  readonly status: number;
  readonly code: string;
}

/** Records every error reply the app sends from now on; call before it starts listening. */
export function recordErrorReplies(app: FastifyInstance): ErrorReply[] {
  const replies: ErrorReply[] = [];
  app.addHook("onSend", async (request, reply, payload) => {
    if (reply.statusCode >= 400 && typeof payload === "string") {
      const body = errorBodySchema.safeParse(parseJson(payload));
      replies.push({
        method: request.method,
        route: request.routeOptions.url,
        status: reply.statusCode,
        code: body.success ? body.data.error.code : `(not an error body: ${payload.slice(0, 80)})`,
      });
    }
    return payload;
  });
  return replies;
}

/** Each distinct reply the document does not describe, in words; none when all is documented. */
export function undocumentedReplies(replies: readonly ErrorReply[]): string[] {
  const paths = buildOpenApiDocument().paths;
  const problems = new Set<string>();
  for (const { method, route, status, code } of replies) {
    const where = `${method} ${route ?? "(no route)"}`;
    if (!isApiErrorCode(code)) {
      problems.add(`${where}: ${status} ${code} is not in the registry`);
      continue;
    }
    if (apiErrors[code].status !== status) {
      problems.add(
        `${where}: ${code} came with ${status}, the registry says ${apiErrors[code].status}`,
      );
      continue;
    }
    if (anyRequestErrors.includes(code) || boundaryErrors.includes(code)) continue;
    if (route?.startsWith(docsPrefix)) continue;
    // fastify answers HEAD with its GET route.
    const operation =
      route === undefined
        ? undefined
        : paths[route.replace(/:(\w+)/g, "{$1}")]?.[
            method === "HEAD" ? "get" : method.toLowerCase()
          ];
    if (operation === undefined && bodyErrors.includes(code)) continue;
    if (!documentedCodes(operation, status).includes(code)) {
      problems.add(`${where}: ${status} ${code} is not documented there`);
    }
  }
  return [...problems].sort();
}

function documentedCodes(operation: JsonSchema | undefined, status: number): string[] {
  const responses = operation?.responses as Record<string, JsonSchema> | undefined;
  const content = responses?.[String(status)]?.content as Record<string, JsonSchema> | undefined;
  const examples = content?.["application/json"]?.examples;
  return typeof examples === "object" && examples !== null ? Object.keys(examples) : [];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
