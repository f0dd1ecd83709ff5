/**
 * Why a request got no answer, as a registry code: `unreachable` when it certainly never left this
 * machine (nothing listened, no such host), so it changed nothing; `timeout` or `connection-lost`
 * when it may have reached the replica, so whether it took effect is unknown.
 */
import type { ClientErrorCode } from "@causal-kv/protocol";

export type NoAnswerCode = Extract<ClientErrorCode, "unreachable" | "timeout" | "connection-lost">;

const noAnswerCodes: ReadonlySet<string> = new Set<NoAnswerCode>([
  "unreachable",
  "timeout",
  "connection-lost",
]);

/** Whether a gateway's error code (the lab server's, in front of a replica) means no answer. */
export function isNoAnswerCode(code: string): code is NoAnswerCode {
  return noAnswerCodes.has(code);
}

/** Errors raised before a single byte of the request left this machine. */
const neverSentCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** Reads the whole cause chain: fetch says "fetch failed", and a caller's fetch may wrap that. */
export function noAnswerCode(error: unknown): NoAnswerCode {
  if (timedOut(error)) return "timeout";
  return neverSent(error) ? "unreachable" : "connection-lost";
}

function timedOut(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  if ("name" in error && error.name === "TimeoutError") return true;
  return "cause" in error && timedOut(error.cause);
}

function neverSent(error: unknown): boolean {
  // Node tries `localhost` as ::1 and 127.0.0.1 and reports both: neither may have connected.
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.every(neverSent);
  }
  if (typeof error !== "object" || error === null) return false;
  if ("code" in error && typeof error.code === "string" && neverSentCodes.has(error.code)) {
    return true;
  }
  return "cause" in error && neverSent(error.cause);
}
