/**
 * A typed client for one replica's HTTP API. Every answer is parsed with the protocol's schemas,
 * so a caller only ever sees well-formed data or a ReplicaError.
 */
import type { DeliveryMode, JournalEvent, ReplicaId } from "@causal-kv/core";
import {
  type CrashResponse,
  crashResponseSchema,
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

  put(key: string, value: string): Promise<WriteResponse> {
    return this.request("PUT", `/kv/${encodeURIComponent(key)}`, writeResponseSchema, { value });
  }

  /** The key's siblings, or `undefined` when it has no value (never written, or deleted). */
  async get(key: string): Promise<ValuesResponse | undefined> {
    try {
      return await this.request("GET", `/kv/${encodeURIComponent(key)}`, valuesResponseSchema);
    } catch (error) {
      if (error instanceof ReplicaError && error.status === 404) return undefined;
      throw error;
    }
  }

  delete(key: string): Promise<WriteResponse> {
    return this.request("DELETE", `/kv/${encodeURIComponent(key)}`, writeResponseSchema);
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

  /** The whole journal, page by page. */
  async journal(): Promise<JournalEvent[]> {
    const events: JournalEvent[] = [];
    for (let after = 0; ; ) {
      const page = await this.request("GET", `/events?after=${after}`, eventsPageSchema);
      events.push(...page.events);
      if (page.events.length === 0 || page.next === after) return events;
      after = page.next;
    }
  }

  private async request<T>(
    method: string,
    path: string,
    schema: z.ZodType<T>,
    body?: unknown,
  ): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchImpl(new URL(path, this.url), {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ReplicaError(
        "unreachable",
        `${this.url} did not answer ${method} ${path}: ${reason}`,
        0,
        this.url,
      );
    }
    const text = await response.text();
    const json = parseJson(text);
    if (!response.ok) {
      const failure = errorBodySchema.safeParse(json);
      const { code, message } = failure.success
        ? failure.data.error
        : { code: "http-error", message: `${method} ${path} answered ${response.status}` };
      throw new ReplicaError(code, message, response.status, this.url);
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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
