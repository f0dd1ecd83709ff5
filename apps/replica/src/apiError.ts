/**
 * The error registry: every error a client can get, with its HTTP status and a sentence. Replies
 * are `{ error: { code, message } }`; stack traces stay in the log. `definite` says whether the
 * request certainly changed nothing (a 500 after a step ran might have, so it says so).
 */
export const errorRegistry = {
  "malformed-url": {
    status: 400,
    message: "the URL is not valid: a percent-escape does not decode",
  },
  "parameter-too-long": { status: 414, message: "a path parameter is longer than 4096 characters" },
  "headers-too-large": { status: 431, message: "the request line and headers are too large" },
  "bad-request": { status: 400, message: "the request is not valid HTTP/1.1" },
  "request-timeout": { status: 408, message: "the request took too long to arrive" },
  "malformed-json": { status: 400, message: "the body is not valid JSON" },
  "empty-body": { status: 400, message: "the body is empty; send a JSON object" },
  "unsupported-media-type": {
    status: 415,
    message: "send a JSON body with content-type: application/json",
  },
  "body-too-large": { status: 413, message: "the body is too large" },
  "value-too-large": { status: 413, message: "a value must be at most 1 MiB (UTF-8)" },
  "invalid-value": { status: 400, message: "the body must be { value: <string> }" },
  "invalid-key": { status: 400, message: "a key must be 1 to 256 characters" },
  "invalid-body": { status: 400, message: "the body does not have the expected shape" },
  "invalid-replicate-body": {
    status: 400,
    message: "send one write { origin, clock, key, value } or a batch { messages: [...] }",
  },
  "invalid-link": {
    status: 400,
    message: "a link update takes delayMs, jitterMs, dropRate, partitioned, hold",
  },
  "invalid-cursor": { status: 400, message: "after and limit must be non-negative integers" },
  "invalid-clock": { status: 400, message: "a clock entry must be a non-negative integer" },
  "invalid-context": {
    status: 400,
    message: "the causal-context header is not a context of this cluster",
  },
  "invalid-wait": {
    status: 400,
    message: "wait must be a whole number of milliseconds from 0 to 10000",
  },
  "unknown-replica": { status: 400, message: "that replica is not a member of the cluster" },
  "invalid-write": { status: 400, message: "the write is malformed" },
  "invalid-config": { status: 400, message: "the setting is not valid" },
  unauthorized: {
    status: 401,
    message: "peer traffic needs the cluster secret in x-cluster-secret",
  },
  "not-found": { status: 404, message: "no such route" },
  "key-not-found": { status: 404, message: "the key has no value" },
  "unknown-peer": { status: 404, message: "there is no link to that replica" },
  "held-not-found": { status: 404, message: "no held message has that id" },
  "stale-epoch": {
    status: 409,
    message: "the batch is from before this replica's last reset; it is ignored",
  },
  "epoch-ahead": {
    status: 409,
    message: "the batch is from a later epoch: this replica is not reset yet; retry later",
  },
  "stale-context": {
    status: 409,
    message:
      "the causal context is from before the cluster's last reset; what it covers is gone: start a new session",
  },
  "epoch-not-newer": { status: 409, message: "a reset must move to a newer epoch" },
  "storage-failed": {
    status: 500,
    message: "the replica could not store the change, so it was not applied",
  },
  "storage-sync-failed": {
    status: 500,
    message:
      "the replica stored the change but the disk did not confirm it: whether it survives a crash is unknown",
  },
  internal: {
    status: 500,
    message: "the replica failed while handling the request; whether it took effect is unknown",
  },
  "context-not-reached": {
    status: 503,
    message:
      "this replica has not yet received every write the causal context covers; nothing was read or written: retry, wait longer or ask another replica",
  },
  "shutting-down": { status: 503, message: "the replica is shutting down" },
} as const satisfies Record<string, { status: number; message: string }>;

export type ApiErrorCode = keyof typeof errorRegistry;

export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly status: number;

  constructor(
    readonly code: ApiErrorCode,
    /** A more precise sentence than the registry's, when there is one. */
    detail?: string,
  ) {
    super(detail ?? errorRegistry[code].message);
    this.status = errorRegistry[code].status;
  }

  get body(): { error: { code: ApiErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}
