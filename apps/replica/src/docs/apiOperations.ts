/**
 * Every HTTP operation of a replica, described with the protocol's zod schemas: the one input the
 * OpenAPI document is built from. A route added without an entry here fails openApi.test.ts.
 */
import {
  type ApiErrorCode,
  bufferedEntrySchema,
  contextWaitSchema,
  crashResponseSchema,
  errorBodySchema,
  eventsPageSchema,
  eventsQuerySchema,
  healthResponseSchema,
  heldListSchema,
  heldMessageSchema,
  journalEventSchema,
  keySchema,
  linkResponseSchema,
  linkSettingsSchema,
  linksSchema,
  linkUpdateSchema,
  modeRequestSchema,
  modeResponseSchema,
  putValueRequestSchema,
  replicaIdSchema,
  replicatedWriteSchema,
  replicateRequestSchema,
  replicateResponseSchema,
  resetRequestSchema,
  resetResponseSchema,
  siblingSchema,
  stateTransferSchema,
  statusResponseSchema,
  valuesResponseSchema,
  vectorClockSchema,
  writeResponseSchema,
} from "@causal-kv/protocol";
import { z } from "zod";

/** Request bodies, converted as input (what a client may send). */
export const requestSchemas = {
  PutValueRequest: putValueRequestSchema,
  LinkUpdate: linkUpdateSchema,
  ModeRequest: modeRequestSchema,
  ResetRequest: resetRequestSchema,
  ReplicateRequest: replicateRequestSchema,
};

/** Replies, converted as output (what a replica sends); the shared parts become components too. */
export const responseSchemas = {
  ErrorBody: errorBodySchema,
  HealthResponse: healthResponseSchema,
  StatusResponse: statusResponseSchema,
  WriteResponse: writeResponseSchema,
  ValuesResponse: valuesResponseSchema,
  EventsPage: eventsPageSchema,
  LinksResponse: z.object({ links: linksSchema }),
  LinkResponse: linkResponseSchema,
  HeldList: heldListSchema,
  ModeResponse: modeResponseSchema,
  ResetResponse: resetResponseSchema,
  CrashResponse: crashResponseSchema,
  ReplicateResponse: replicateResponseSchema,
  StateTransfer: stateTransferSchema,
  JournalEvent: journalEventSchema,
  ReplicatedWrite: replicatedWriteSchema,
  VectorClock: vectorClockSchema,
  Sibling: siblingSchema,
  BufferedEntry: bufferedEntrySchema,
  HeldMessage: heldMessageSchema,
  LinkSettings: linkSettingsSchema,
};

export type RequestSchemaName = keyof typeof requestSchemas;
export type ResponseSchemaName = keyof typeof responseSchemas;

export interface ApiOperation {
  readonly method: "get" | "put" | "post" | "delete";
  /** In OpenAPI form: `/kv/{key}` for fastify's `/kv/:key`. */
  readonly path: string;
  readonly tag: "keys" | "reading" | "faults" | "peers";
  readonly summary: string;
  readonly description?: string;
  readonly pathParams?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: { readonly schema: RequestSchemaName; readonly required: boolean };
  readonly reply: { readonly schema: ResponseSchemaName; readonly description: string };
  /**
   * Errors this operation answers besides `internal`, which any can, and those of the credentials
   * its route needs (see security/routeAccess.ts), which the document adds.
   */
  readonly errors: readonly ApiErrorCode[];
  /** Takes a `causal-context` header (and `?wait=`) and answers one. */
  readonly causalContext?: true;
}

/** What a request with a causal context may be answered besides its own errors. */
const contextErrors: readonly ApiErrorCode[] = [
  "invalid-context",
  "invalid-wait",
  "stale-context",
  "context-not-reached",
];

/** `?wait=` of the key routes; it counts only with a `causal-context` header. */
const contextQuery = z.object({
  wait: contextWaitSchema
    .optional()
    .describe(
      "With a causal-context header: how long to wait for the context, 0 to 10000 ms (default 2000)",
    ),
});

/**
 * What any request may get, whatever its route, because it is answered before routing: no such
 * route, a URL or request that does not parse. Every operation may also get `internal`.
 */
export const anyRequestErrors: readonly ApiErrorCode[] = [
  "not-found",
  "malformed-url",
  "parameter-too-long",
  "headers-too-large",
  "bad-request",
  "request-timeout",
];

/**
 * What any request may get from the browser boundary (security/browserBoundary.ts), whatever its
 * route, before anything runs: an Origin not allowed, a Host that does not name the replica.
 */
export const boundaryErrors: readonly ApiErrorCode[] = ["forbidden-origin", "forbidden-host"];

/**
 * What fastify itself answers when a body cannot be read: on every route that reads one, and on a
 * request with a body that no operation takes (a CORS preflight, no route), as fastify reads the
 * body before its not-found answer.
 */
export const bodyErrors: readonly ApiErrorCode[] = [
  "malformed-json",
  "invalid-body",
  "body-too-large",
  "unsupported-media-type",
];

const keyParams = z.object({ key: keySchema });
const peerParams = z.object({ peer: replicaIdSchema });
const heldParams = z.object({ id: heldMessageSchema.shape.id });

export const apiOperations: readonly ApiOperation[] = [
  {
    method: "get",
    path: "/health",
    tag: "reading",
    summary: "Is the replica up",
    reply: { schema: "HealthResponse", description: "The replica answers, with its id" },
    errors: [],
  },
  {
    method: "get",
    path: "/status",
    tag: "reading",
    summary: "The replica's whole state",
    description:
      "Epoch, members, delivery mode, vector clock, store (every key's siblings), causal buffer, outgoing links and unacknowledged writes per peer. Clock entries and keys come sorted, so replicas in the same state give byte-identical `clock` and `store`.",
    reply: { schema: "StatusResponse", description: "The state after every committed step" },
    errors: [],
  },
  {
    method: "get",
    path: "/events",
    tag: "reading",
    summary: "The journal, a page at a time",
    description:
      "Journal events in order from seq `after + 1`; pass `next` as `after` to read on. `epoch` changes when the replica is reset, which starts the journal again from seq 1. The replica keeps a bounded journal (`JOURNAL_MAX_EVENTS`, `JOURNAL_MAX_BYTES`) and compacts the oldest events away: `start` is the first seq it still holds, and a cursor before it gets the page from `start` (the events before it are gone: the page is not an error, but `after + 1 < start` says history was compacted). A page holds at most `limit` events and stops past 4 MiB of events.",
    query: eventsQuerySchema,
    reply: { schema: "EventsPage", description: "Up to `limit` events" },
    errors: ["invalid-cursor"],
  },
  {
    method: "get",
    path: "/kv/{key}",
    tag: "keys",
    summary: "Read a key",
    description:
      "Every sibling of the key: one value, or several with `conflict: true` when concurrent writes have not been resolved yet. A deleted key is absent (404). With a `causal-context` header, the read waits until this replica has every write the context covers (503 `context-not-reached` if it cannot within `wait`), so it never misses one; the answer's context adds the siblings' clocks.",
    pathParams: keyParams,
    query: contextQuery,
    reply: { schema: "ValuesResponse", description: "The key's siblings" },
    errors: ["invalid-key", "key-not-found", ...contextErrors],
    causalContext: true,
  },
  {
    method: "put",
    path: "/kv/{key}",
    tag: "keys",
    summary: "Write a key",
    description:
      "The write gets the next count of this replica in its vector clock and is sent to every peer. The 200 follows its durable commit. Values are at most 1 MiB in UTF-8; the body may be up to 8 MiB, for JSON escapes. With a `causal-context` header, the write first waits until this replica has every write the context covers, so its clock covers the context; the answer's context covers the write. A replica started on an empty disk (new, or wiped) takes writes only once every peer has said how many of its writes it holds, so a new write never reuses an id; meanwhile a write waits up to 2 s and is then refused, changing nothing (503 `rejoining`).",
    pathParams: keyParams,
    query: contextQuery,
    body: { schema: "PutValueRequest", required: true },
    reply: { schema: "WriteResponse", description: "The write as committed, with its clock" },
    errors: [
      "invalid-key",
      "invalid-value",
      "value-too-large",
      ...bodyErrors,
      ...contextErrors,
      "rejoining",
      "storage-failed",
    ],
    causalContext: true,
  },
  {
    method: "delete",
    path: "/kv/{key}",
    tag: "keys",
    summary: "Delete a key",
    description:
      "A causal delete: a write of `null` (a tombstone) that replicates and resolves conflicts like any other write. A `causal-context` header is waited for as by PUT.",
    pathParams: keyParams,
    query: contextQuery,
    reply: { schema: "WriteResponse", description: "The delete as committed (`value: null`)" },
    errors: ["invalid-key", ...bodyErrors, ...contextErrors, "rejoining", "storage-failed"],
    causalContext: true,
  },
  {
    method: "post",
    path: "/replicate",
    tag: "peers",
    summary: "Receive writes from a peer",
    description:
      "Peer to peer: one write, or a batch of at most 1000 of the sender's own writes tagged with its epoch and name (`from`); a batch of no writes announces the sender's epoch. A batch from a newer epoch moves this replica to it first (the cluster was reset there). Every message is validated before any is applied; copies of a write already here are discarded, and a copy whose content differs is refused (`integrity-conflict`). The reply acknowledges, per origin, how many of its writes this replica holds. With TLS_CA, the peer must present a certificate the CA signed that names `from`. No CORS: browsers cannot post here.",
    body: { schema: "ReplicateRequest", required: true },
    reply: { schema: "ReplicateResponse", description: "Applied or buffered, and committed" },
    errors: [
      "invalid-replicate-body",
      "unknown-replica",
      "invalid-clock",
      "invalid-write",
      "stale-epoch",
      "epoch-ahead",
      "integrity-conflict",
      ...bodyErrors,
      "storage-failed",
    ],
  },
  {
    method: "get",
    path: "/replicate/state",
    tag: "peers",
    summary: "This replica's state, for a peer that fell behind",
    description:
      "Peer to peer: the epoch, clock, applied writes, store (siblings with their clocks) and the writes waiting in the causal buffer, as committed. A replica whose peers' `/replicate` answers show it lost state they will not resend (a wiped disk, an old backup: `resendsAfter` beyond what it holds of theirs, or more of its own writes held there than it has) fetches this and merges it causally, then resumes ordinary delivery; its journal records a `catch-up` event. Checked like `/replicate` (cluster secret, peer certificate).",
    reply: { schema: "StateTransfer", description: "The state as committed" },
    errors: [],
  },
  {
    method: "get",
    path: "/control/links",
    tag: "faults",
    summary: "Fault settings of every outgoing link",
    reply: { schema: "LinksResponse", description: "Settings by peer id" },
    errors: [],
  },
  {
    method: "put",
    path: "/control/links/{peer}",
    tag: "faults",
    summary: "Change faults on the link to a peer",
    description:
      "Any of delayMs, jitterMs, dropRate, partitioned, hold; the others keep their value. Dropped and partitioned messages are retransmitted until the peer has them; held ones wait in the held list.",
    pathParams: peerParams,
    body: { schema: "LinkUpdate", required: false },
    reply: { schema: "LinkResponse", description: "The link's settings now" },
    errors: ["unknown-peer", "invalid-link", ...bodyErrors, "storage-failed"],
  },
  {
    method: "get",
    path: "/control/held",
    tag: "faults",
    summary: "Messages waiting on held links",
    reply: { schema: "HeldList", description: "The held list" },
    errors: [],
  },
  {
    method: "post",
    path: "/control/held/{id}/release",
    tag: "faults",
    summary: "Send one held message on",
    pathParams: heldParams,
    reply: { schema: "HeldList", description: "The held list after the release" },
    errors: ["held-not-found", ...bodyErrors],
  },
  {
    method: "post",
    path: "/control/held/{id}/drop",
    tag: "faults",
    summary: "Drop one held message",
    description: "Lost in transit, so the sender retransmits it later.",
    pathParams: heldParams,
    reply: { schema: "HeldList", description: "The held list after the drop" },
    errors: ["held-not-found", ...bodyErrors],
  },
  {
    method: "post",
    path: "/control/mode",
    tag: "faults",
    summary: "Switch causal or naive delivery",
    description:
      "`naive` delivers peers' writes as they arrive (and everything buffered at once), to show what causal delivery prevents.",
    body: { schema: "ModeRequest", required: true },
    reply: { schema: "ModeResponse", description: "The mode now" },
    errors: ["invalid-body", ...bodyErrors, "storage-failed"],
  },
  {
    method: "post",
    path: "/control/reset",
    tag: "faults",
    summary: "Forget everything and move the cluster to a newer epoch",
    description:
      "Empties store, buffer, journal and links, durably. Without a body or an epoch, moves to the current epoch + 1 (epochs end at 2^53 - 1); a reset to the epoch the replica is already in changes nothing. The new epoch reaches every peer, which resets to it too; peers' traffic from older epochs is refused, and never taken for an acknowledgement.",
    body: { schema: "ResetRequest", required: false },
    reply: { schema: "ResetResponse", description: "The epoch now" },
    errors: [
      "invalid-body",
      "epoch-not-newer",
      "epoch-out-of-range",
      ...bodyErrors,
      "storage-failed",
    ],
  },
  {
    method: "post",
    path: "/control/crash",
    tag: "faults",
    summary: "Crash the replica",
    description:
      "For the lab: answers, then the process kills itself at once as `kill -9` would (no flush, no goodbye to peers).",
    reply: { schema: "CrashResponse", description: "The replica is about to die" },
    errors: [...bodyErrors],
  },
];
