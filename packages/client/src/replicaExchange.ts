/**
 * One HTTP exchange with a replica, in two halves: `exchange` sends a request and returns the
 * answer whatever its status (only no answer at all throws: `unreachable` when it certainly never
 * left, else `timeout` or `connection-lost`); `answerBody` parses the body with a protocol schema or
 * throws the ReplicaError the failure or the shape calls for.
 */
import { errorBodySchema, isApiErrorCode, isLabServerErrorCode } from "@causal-kv/protocol";
import type { z } from "zod";
import { ContextNotReachedError } from "./contextNotReachedError.js";
import { isNoAnswerCode, noAnswerCode } from "./noAnswer.js";
import { replicaUrl } from "./replicaAddress.js";
import { ReplicaError } from "./replicaError.js";

export interface Answer {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: Headers;
  readonly json: unknown;
}

export interface ExchangeRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

export async function exchange(
  fetchImpl: typeof globalThis.fetch,
  baseUrl: string,
  request: ExchangeRequest,
): Promise<Answer> {
  const { method, path, body, headers } = request;
  try {
    const response = await fetchImpl(replicaUrl(baseUrl, path), {
      method,
      headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    // Inside the try: an answer cut off (or timed out) mid-body is no answer either.
    const text = await response.text();
    return {
      status: response.status,
      ok: response.ok,
      headers: response.headers,
      json: parseJson(text),
    };
  } catch (error) {
    throw new ReplicaError(
      noAnswerCode(error),
      `${baseUrl} did not answer ${method} ${path}: ${reasonOf(error)}`,
      0,
      baseUrl,
    );
  }
}

/** `what` names the request in messages: `GET /status`. */
export function answerBody<T>(
  baseUrl: string,
  what: string,
  schema: z.ZodType<T>,
  answer: Answer,
): T {
  if (!answer.ok) {
    const failure = errorBodySchema.safeParse(answer.json);
    // The lab server in front of a replica answers 502 with a no-answer code when the replica did
    // not answer: for the caller that is no answer, as if it had called the replica itself.
    if (answer.status === 502 && failure.success && isNoAnswerCode(failure.data.error.code)) {
      throw new ReplicaError(failure.data.error.code, failure.data.error.message, 0, baseUrl);
    }
    if (failure.success && isApiErrorCode(failure.data.error.code)) {
      const { code, message, missing } = failure.data.error;
      if (code === "context-not-reached" && missing !== undefined) {
        throw new ContextNotReachedError(message, answer.status, baseUrl, missing);
      }
      throw new ReplicaError(code, message, answer.status, baseUrl);
    }
    // The lab server's own refusal, in front of the replica: as definite as a replica's 4xx.
    if (failure.success && isLabServerErrorCode(failure.data.error.code)) {
      throw new ReplicaError(
        failure.data.error.code,
        failure.data.error.message,
        answer.status,
        baseUrl,
      );
    }
    // Not a replica's answer, or a code this client does not know: its meaning is a guess.
    const said = failure.success
      ? ` ${failure.data.error.code}: ${failure.data.error.message}`
      : "";
    throw new ReplicaError(
      "http-error",
      `${what} answered ${answer.status}${said}`,
      answer.status,
      baseUrl,
    );
  }
  const parsed = schema.safeParse(answer.json);
  if (!parsed.success) {
    throw new ReplicaError(
      "bad-response",
      `${what} answered an unexpected shape: ${parsed.error.message}`,
      answer.status,
      baseUrl,
    );
  }
  return parsed.data;
}

/** fetch says only "fetch failed"; the cause says why (ECONNREFUSED, a reset, a timeout). */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
