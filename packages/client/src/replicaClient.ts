/**
 * A typed client for one replica's HTTP API. Every answer is parsed with the protocol's schemas,
 * so a caller only ever sees well-formed data or a ReplicaError.
 */
import type { DeliveryMode, JournalEvent, ReplicaId } from "@causal-kv/core";
import {
  type CrashResponse,
  causalContextHeader,
  crashResponseSchema,
  defaultContextWaitMs,
  type EventsPage,
  errorBodySchema,
  eventsPageSchema,
  type HealthResponse,
  type HeldList,
  healthResponseSchema,
  heldListSchema,
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
import { ReplicaError } from "./replicaError.js";
import { type Answer, answerBody, exchange } from "./replicaExchange.js";

/** Resets one after another during one read are a lab being clicked at, not worth chasing. */
const maxJournalAttempts = 3;

/** A write of `value` to `key`, or its delete when `value` is null. */
export interface KeyWrite {
  readonly key: string;
  readonly value: string | null;
}

/** The causal context a request carries (none: it starts one), and how long it may wait for it. */
export interface ContextRequest {
  readonly token?: string;
  readonly waitMs?: number;
}

/** An answer and the causal context it carried (undefined from a replica that sends none). */
export interface InContext<T> {
  readonly answer: T;
  readonly token: string | undefined;
}

export interface ReplicaClientOptions {
  /** Abort a request after this long; the default suits a local cluster. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof globalThis.fetch;
  /**
   * Sent as `Authorization: Bearer <token>` on every request: the replica's ADMIN_TOKEN (which
   * every route takes), or its CLIENT_TOKEN for keys, status and the journal.
   */
  readonly token?: string | undefined;
}

export class ReplicaClient {
  private readonly fetchImpl: typeof globalThis.fetch;
  readonly timeoutMs: number;
  private readonly authorization: Readonly<Record<string, string>>;

  constructor(
    readonly url: string,
    options: ReplicaClientOptions = {},
  ) {
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.authorization =
      options.token === undefined ? {} : { authorization: `Bearer ${options.token}` };
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

  /**
   * A write carrying a causal context (a Session's token; none starts one): the answer and the
   * context it carries back. `waitMs` bounds how long the replica may wait for the context.
   */
  async writeInContext(
    write: KeyWrite,
    context: ContextRequest = {},
  ): Promise<InContext<WriteResponse>> {
    const method = write.value === null ? "DELETE" : "PUT";
    const path = this.contextPath(write.key, context);
    const body = write.value === null ? undefined : { value: write.value };
    const answer = await this.send(
      method,
      path,
      body,
      contextHeaders(context),
      timeoutOf(this, context),
    );
    return {
      answer: this.parse(method, path, writeResponseSchema, answer),
      token: answer.headers.get(causalContextHeader) ?? undefined,
    };
  }

  /** A read carrying a causal context; `answer` is undefined when the key has no value. */
  async readInContext(
    key: string,
    context: ContextRequest = {},
  ): Promise<InContext<ValuesResponse | undefined>> {
    const path = this.contextPath(key, context);
    const answer = await this.send(
      "GET",
      path,
      undefined,
      contextHeaders(context),
      timeoutOf(this, context),
    );
    const absent =
      answer.status === 404 &&
      errorBodySchema.safeParse(answer.json).data?.error.code === "key-not-found";
    return {
      answer: absent ? undefined : this.parse("GET", path, valuesResponseSchema, answer),
      token: answer.headers.get(causalContextHeader) ?? undefined,
    };
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

  private contextPath(key: string, context: ContextRequest): string {
    const wait = context.waitMs === undefined ? "" : `?wait=${context.waitMs}`;
    return `${this.keyPath(key)}${wait}`;
  }

  private async request<T>(
    method: string,
    path: string,
    schema: z.ZodType<T>,
    body?: unknown,
  ): Promise<T> {
    return this.parse(method, path, schema, await this.send(method, path, body));
  }

  private send(
    method: string,
    path: string,
    body?: unknown,
    headers: Readonly<Record<string, string>> = {},
    timeoutMs = this.timeoutMs,
  ): Promise<Answer> {
    return exchange(this.fetchImpl, this.url, {
      method,
      path,
      body,
      headers: { ...this.authorization, ...headers },
      timeoutMs,
    });
  }

  private parse<T>(method: string, path: string, schema: z.ZodType<T>, answer: Answer): T {
    return answerBody(this.url, `${method} ${path}`, schema, answer);
  }
}

function contextHeaders(context: ContextRequest): Record<string, string> {
  return context.token === undefined ? {} : { [causalContextHeader]: context.token };
}

/** A request may wait for its context: give it that long, and the usual time besides. */
function timeoutOf(client: { readonly timeoutMs: number }, context: ContextRequest): number {
  if (context.token === undefined) return client.timeoutMs;
  return client.timeoutMs + (context.waitMs ?? defaultContextWaitMs);
}
