/**
 * The error registry: every error code a replica answers (with its HTTP status) and every one a
 * client makes itself, each with a sentence for the user and whether its outcome is definite.
 * Definite: the request certainly changed nothing (or its outcome is known). Indefinite: it may or
 * may not have taken effect (a timeout, a crash mid-request, a disk that did not confirm a sync),
 * so a caller must say so rather than report a write as failed.
 */

export interface ErrorDefinition {
  readonly message: string;
  readonly definite: boolean;
}

export interface ApiErrorDefinition extends ErrorDefinition {
  /** The HTTP status a replica answers with: always 4xx or 5xx. */
  readonly status: number;
}

/** What a replica answers, as `{ error: { code, message } }` with the status. */
export const apiErrors = {
  "malformed-url": {
    status: 400,
    message: "the URL is not valid: a percent-escape does not decode",
    definite: true,
  },
  "parameter-too-long": {
    status: 414,
    message: "a path parameter is longer than 4096 characters",
    definite: true,
  },
  "headers-too-large": {
    status: 431,
    message: "the request line and headers are too large",
    definite: true,
  },
  "bad-request": { status: 400, message: "the request is not valid HTTP/1.1", definite: true },
  "request-timeout": {
    status: 408,
    message: "the request took too long to arrive",
    definite: true,
  },
  "malformed-json": { status: 400, message: "the body is not valid JSON", definite: true },
  "unsupported-media-type": {
    status: 415,
    message: "send a JSON body with content-type: application/json",
    definite: true,
  },
  "body-too-large": { status: 413, message: "the body is too large", definite: true },
  "value-too-large": {
    status: 413,
    message: "a value must be at most 1 MiB (UTF-8)",
    definite: true,
  },
  "invalid-value": {
    status: 400,
    message: "the body must be { value: <string> }",
    definite: true,
  },
  "invalid-key": { status: 400, message: "a key must be 1 to 256 characters", definite: true },
  "invalid-body": {
    status: 400,
    message: "the body does not have the expected shape",
    definite: true,
  },
  "invalid-replicate-body": {
    status: 400,
    message: "send one write { origin, clock, key, value } or a batch { messages: [...] }",
    definite: true,
  },
  "invalid-link": {
    status: 400,
    message: "a link update takes delayMs, jitterMs, dropRate, partitioned, hold",
    definite: true,
  },
  "invalid-cursor": {
    status: 400,
    message: "after and limit must be non-negative integers",
    definite: true,
  },
  "invalid-clock": {
    status: 400,
    message: "a clock entry must be a non-negative integer",
    definite: true,
  },
  "invalid-context": {
    status: 400,
    message: "the causal-context header is not a context of this cluster",
    definite: true,
  },
  "invalid-wait": {
    status: 400,
    message: "wait must be a whole number of milliseconds from 0 to 10000",
    definite: true,
  },
  "unknown-replica": {
    status: 400,
    message: "that replica is not a member of the cluster",
    definite: true,
  },
  "invalid-write": { status: 400, message: "the write is malformed", definite: true },
  "invalid-config": { status: 400, message: "the setting is not valid", definite: true },
  unauthorized: {
    status: 401,
    message: "this route needs credentials: send Authorization: Bearer <token>",
    definite: true,
  },
  forbidden: {
    status: 403,
    message: "the credentials sent are not valid for this route",
    definite: true,
  },
  "forbidden-origin": {
    status: 403,
    message: "requests from this browser origin are refused: it is not in ALLOWED_ORIGINS",
    definite: true,
  },
  "forbidden-host": {
    status: 403,
    message:
      "the Host header does not name this replica (a loopback address, its PEERS name or ALLOWED_HOSTS)",
    definite: true,
  },
  "not-found": { status: 404, message: "no such route", definite: true },
  "key-not-found": { status: 404, message: "the key has no value", definite: true },
  "unknown-peer": { status: 404, message: "there is no link to that replica", definite: true },
  "held-not-found": { status: 404, message: "no held message has that id", definite: true },
  "stale-epoch": {
    status: 409,
    message: "the batch is from before this replica's last reset; it is ignored",
    definite: true,
  },
  "epoch-ahead": {
    status: 409,
    message: "the batch is from a later epoch: this replica is not reset yet; retry later",
    definite: true,
  },
  "stale-context": {
    status: 409,
    message:
      "the causal context is from before the cluster's last reset; what it covers is gone: start a new session",
    definite: true,
  },
  "epoch-not-newer": {
    status: 409,
    message: "a reset must move to a newer epoch",
    definite: true,
  },
  "epoch-out-of-range": {
    status: 409,
    message: "epochs end at 2^53 - 1: this replica cannot move to a later one",
    definite: true,
  },
  "integrity-conflict": {
    status: 409,
    message:
      "a write with this origin and number is already held here with other content; the copy is refused",
    definite: true,
  },
  "storage-failed": {
    status: 500,
    message: "the replica could not store the change, so it was not applied",
    definite: true,
  },
  "storage-sync-failed": {
    status: 500,
    message:
      "the replica stored the change but the disk did not confirm it: whether it survives a crash is unknown",
    definite: false,
  },
  internal: {
    status: 500,
    message: "the replica failed while handling the request; whether it took effect is unknown",
    definite: false,
  },
  "context-not-reached": {
    status: 503,
    message:
      "this replica has not yet received every write the causal context covers; nothing was read or written: retry, wait longer or ask another replica",
    definite: true,
  },
  rejoining: {
    status: 503,
    message:
      "this replica started on an empty disk and is still learning from its peers which of its own writes they hold; nothing was written, retry shortly",
    definite: true,
  },
  "shutting-down": {
    status: 503,
    message: "the replica is shutting down; nothing was read or written",
    definite: true,
  },
} as const satisfies Record<string, ApiErrorDefinition>;

/**
 * What the lab server (the dashboard's front door) answers itself, in front of the replicas; the
 * client reads these as it reads a replica's codes. Each certainly changed nothing.
 */
export const labServerErrors = {
  "lab-key-required": {
    status: 403,
    message: "this lab is watch-only: enter the lab key to change it",
    definite: true,
  },
  "cross-origin": {
    status: 403,
    message: "requests from another site's page are refused",
    definite: true,
  },
  "no-such-replica": {
    status: 404,
    message: "the lab has no replica of that name",
    definite: true,
  },
  "method-not-allowed": { status: 405, message: "that method is not allowed here", definite: true },
  "run-in-progress": {
    status: 409,
    message: "a scenario is running: stop it before changing links, modes or resetting by hand",
    definite: true,
  },
} as const satisfies Record<string, ApiErrorDefinition>;

/**
 * What a client concludes on its own, when there is no replica answer to pass on (or it cannot be
 * read). A client refusing input before sending uses the replica's code for it (`invalid-key`).
 */
export const clientErrors = {
  unreachable: {
    message: "the replica could not be reached, so the request was not sent",
    definite: true,
  },
  timeout: {
    message: "no answer came in time; the request may or may not have taken effect",
    definite: false,
  },
  "connection-lost": {
    message: "the connection broke before the answer; the request may or may not have taken effect",
    definite: false,
  },
  "http-error": {
    message: "the answer was an error status without a known error code",
    definite: false,
  },
  "bad-response": {
    message: "the answer did not have the shape the API promises",
    definite: false,
  },
  "journal-reset": {
    message: "the journal was reset again and again while it was being read",
    definite: true,
  },
} as const satisfies Record<string, ErrorDefinition>;

export type ApiErrorCode = keyof typeof apiErrors;
export type LabServerErrorCode = keyof typeof labServerErrors;
export type ClientErrorCode = keyof typeof clientErrors;
/** Every code a caller of a replica can meet, directly or through the lab server. */
export type ErrorCode = ApiErrorCode | LabServerErrorCode | ClientErrorCode;

export const errorRegistry: Readonly<Record<ErrorCode, ErrorDefinition>> = {
  ...apiErrors,
  ...labServerErrors,
  ...clientErrors,
};

export function isLabServerErrorCode(code: string): code is LabServerErrorCode {
  return Object.hasOwn(labServerErrors, code);
}

export function isApiErrorCode(code: string): code is ApiErrorCode {
  return Object.hasOwn(apiErrors, code);
}

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorRegistry, code);
}
