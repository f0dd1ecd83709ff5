/**
 * A typed client for one replica's HTTP API. Every answer is parsed with the protocol's schemas,
 * so a caller only ever sees well-formed data or a ReplicaError.
 */
import type { DeliveryMode, JournalEvent, ReplicaId } from "@causal-kv/core";
import {
  type CrashResponse,
  crashResponseSchema,
  type EventsPage,
  errorBodySchema,
  eventsPageSchema,
  type HealthResponse,
  type HeldList,
  healthResponseSchema,
  heldListSchema,
  isApiErrorCode,
  type LinkResponse,
  type LinkUpdate,
  linkResponseSchema,
  type ModeResponse,
  maxEventsPage,
  modeResponseSchema,
  type ResetResponse,
  resetResponseSchema,
  type StatusResponse,
  statusResponseSchema,
  type ValuesResponse,
  valuesResponseSchema,
  type WriteResponse,
  writeResponseSchema,
} from "@causal-kv/protocol";
import type { z } from "zod";
import { isNoAnswerCode, noAnswerCode } from "./noAnswer.js";
import { replicaUrl } from "./replicaAddress.js";
import { ReplicaError } from "./replicaError.js";

/** Resets one after another during one read are a lab being clicked at, not worth chasing. */
const maxJournalAttempts = 3;

export interface ReplicaClientOptions {
  /** Abort a request after this long; the default suits a local cluster. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof globalThis.fetch;
}

export class ReplicaClient {
  private readonly fetchImpl: typeof globalThis.fetch;
  private readonly timeoutMs: number;

  constructor(
    readonly url: string,
    options: ReplicaClientOptions = {},
  ) {
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  health(): Promise<HealthResponse> {
    return this.request("GET", "/health", healthResponseSchema);
  }

  status(): Promise<StatusResponse> {
    return this.request("GET", "/status", statusResponseSchema);
  }

  async put(key: string, value: string): Promise<WriteResponse> {
    return this.request("PUT", this.keyPath(key), writeResponseSchema, { value });
  }

  /** The key's siblings, or `undefined` when it has no value (never written, or deleted). */
  async get(key: string): Promise<ValuesResponse | undefined> {
    try {
      return await this.request("GET", this.keyPath(key), valuesResponseSchema);
    } catch (error) {
      // Only the replica's own "no value" means absent; any other 404 (a server that is not a
      // replica, a wrong base URL) is a failure the caller must see.
      if (error instanceof ReplicaError && error.code === "key-not-found") return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<WriteResponse> {
    return this.request("DELETE", this.keyPath(key), writeResponseSchema);
  }

  setLink(peer: ReplicaId, update: LinkUpdate): Promise<LinkResponse> {
    return this.request(
      "PUT",
      `/control/links/${encodeURIComponent(peer)}`,
      linkResponseSchema,
      update,
    );
  }

  held(): Promise<HeldList> {
    return this.request("GET", "/control/held", heldListSchema);
  }

  releaseHeld(id: string): Promise<HeldList> {
    return this.request(
      "POST",
      `/control/held/${encodeURIComponent(id)}/release`,
      heldListSchema,
      {},
    );
  }

  dropHeld(id: string): Promise<HeldList> {
    return this.request("POST", `/control/held/${encodeURIComponent(id)}/drop`, heldListSchema, {});
  }

  setMode(delivery: DeliveryMode): Promise<ModeResponse> {
    return this.request("POST", "/control/mode", modeResponseSchema, { delivery });
  }

  reset(epoch?: number): Promise<ResetResponse> {
    return this.request(
      "POST",
      "/control/reset",
      resetResponseSchema,
      epoch === undefined ? {} : { epoch },
    );
  }

  /** Asks the replica to kill itself at once, as kill -9 would; its supervisor restarts it. */
  crash(): Promise<CrashResponse> {
    return this.request("POST", "/control/crash", crashResponseSchema, {});
  }

  /**
   * The whole journal, page by page, all of one epoch: a reset between two pages voids the cursor
   * (the journal starts again from seq 1), so reading starts over rather than mix two runs.
   */
  async journal(): Promise<JournalEvent[]> {
    for (let attempt = 1; ; attempt++) {
      const events: JournalEvent[] = [];
      let epoch: number | undefined;
      for (let after = 0; ; ) {
        const page = await this.request("GET", `/events?after=${after}`, eventsPageSchema);
        epoch ??= page.epoch;
        if (page.epoch !== epoch) break;
        events.push(...page.events);
        if (page.events.length === 0 || page.next === after) return events;
        after = page.next;
      }
      if (attempt === maxJournalAttempts) {
        throw new ReplicaError(
          "journal-reset",
          `the journal was reset ${attempt} times while it was being read`,
          200,
          this.url,
        );
      }
    }
  }

  /** One page of the journal: at most `limit` events after seq `after`, and the journal's epoch. */
  journalPage(after: number, limit: number = maxEventsPage): Promise<EventsPage> {
    return this.request("GET", `/events?after=${after}&limit=${limit}`, eventsPageSchema);
  }

  /**
   * URL parsing removes the path segments "." and ".." (even percent-encoded), so those two keys
   * would silently address another route; they are refused here as the replica refuses bad keys.
   * Callers get the refusal as a rejected promise, like any other failure: put, get and delete
   * are async for that.
   */
  private keyPath(key: string): string {
    if (key === "." || key === "..") {
      throw new ReplicaError(
        "invalid-key",
        `the key ${JSON.stringify(key)} cannot be addressed in a URL path`,
        400,
        this.url,
      );
    }
    return `/kv/${encodeURIComponent(key)}`;
  }

  private async request<T>(
    method: string,
    path: string,
    schema: z.ZodType<T>,
    body?: unknown,
  ): Promise<T> {
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(replicaUrl(this.url, path), {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      // Inside the try: an answer cut off (or timed out) mid-body is no answer either.
      text = await response.text();
    } catch (error) {
      throw new ReplicaError(
        noAnswerCode(error),
        `${this.url} did not answer ${method} ${path}: ${reasonOf(error)}`,
        0,
        this.url,
      );
    }
    const json = parseJson(text);
    if (!response.ok) {
      const failure = errorBodySchema.safeParse(json);
      // The lab server in front of a replica answers 502 with a no-answer code when the replica
      // did not answer: for the caller that is no answer, as if it had called the replica itself.
      if (response.status === 502 && failure.success && isNoAnswerCode(failure.data.error.code)) {
        throw new ReplicaError(failure.data.error.code, failure.data.error.message, 0, this.url);
      }
      if (failure.success && isApiErrorCode(failure.data.error.code)) {
        throw new ReplicaError(
          failure.data.error.code,
          failure.data.error.message,
          response.status,
          this.url,
        );
      }
      // Not a replica's answer, or a code this client does not know: its meaning is a guess.
      const said = failure.success
        ? ` ${failure.data.error.code}: ${failure.data.error.message}`
        : "";
      throw new ReplicaError(
        "http-error",
        `${method} ${path} answered ${response.status}${said}`,
        response.status,
        this.url,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ReplicaError(
        "bad-response",
        `${method} ${path} answered an unexpected shape: ${parsed.error.message}`,
        response.status,
        this.url,
      );
    }
    return parsed.data;
  }
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
