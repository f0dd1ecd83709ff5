import { describe, expect, it } from "vitest";
import { modeRequestSchema, resetRequestSchema } from "./control.js";
import { errorBodySchema } from "./errorBody.js";
import { eventsQuerySchema } from "./eventsPage.js";
import { putValueRequestSchema, valuesResponseSchema } from "./kv.js";
import { healthyLink, linkSettingsSchema, linkUpdateSchema } from "./linkSettings.js";
import {
  replicateBatchSchema,
  replicateRequestSchema,
  replicateSingleSchema,
} from "./replicate.js";
import { statusResponseSchema, storeSchema } from "./status.js";

const message = { origin: "node1", clock: { node1: 1 }, key: "x", value: "1" };

describe("client bodies", () => {
  it("PUT /kv takes { value } with a string value only", () => {
    expect(putValueRequestSchema.parse({ value: "v" })).toEqual({ value: "v" });
    for (const body of [{}, { value: 1 }, { value: null }, [], "v", null]) {
      expect(putValueRequestSchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
    }
  });

  it("GET /kv lists at least one sibling", () => {
    const sibling = { value: "1", clock: { node1: 1 }, origin: "node1" };
    expect(
      valuesResponseSchema.safeParse({ key: "x", values: [sibling], conflict: false }).success,
    ).toBe(true);
    expect(valuesResponseSchema.safeParse({ key: "x", values: [], conflict: false }).success).toBe(
      false,
    );
  });

  it("mode takes causal or naive", () => {
    expect(modeRequestSchema.parse({ delivery: "naive" })).toEqual({ delivery: "naive" });
    expect(modeRequestSchema.safeParse({ delivery: "fifo" }).success).toBe(false);
    expect(modeRequestSchema.safeParse({}).success).toBe(false);
  });

  it("reset takes an optional non-negative integer epoch", () => {
    expect(resetRequestSchema.parse({})).toEqual({});
    expect(resetRequestSchema.parse({ epoch: 4 })).toEqual({ epoch: 4 });
    expect(resetRequestSchema.safeParse({ epoch: -1 }).success).toBe(false);
    expect(resetRequestSchema.safeParse({ epoch: "2" }).success).toBe(false);
  });

  it("an error body has a code and a message", () => {
    expect(errorBodySchema.safeParse({ error: { code: "x", message: "y" } }).success).toBe(true);
    expect(errorBodySchema.safeParse({ error: "x" }).success).toBe(false);
  });
});

describe("link settings", () => {
  it("accept partial updates and reject unknown or bad fields", () => {
    expect(linkSettingsSchema.parse(healthyLink)).toEqual(healthyLink);
    expect(linkUpdateSchema.parse({ delayMs: 50 })).toEqual({ delayMs: 50 });
    expect(linkUpdateSchema.parse({})).toEqual({});
    for (const body of [
      { delayMs: -1 },
      { delayMs: "50" },
      { jitterMs: -5 },
      { jitterMs: Number.POSITIVE_INFINITY },
      { dropRate: 1.5 },
      { dropRate: -0.1 },
      { partitioned: "yes" },
      { hold: 1 },
      { speed: 3 },
    ]) {
      expect(linkUpdateSchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
    }
  });
});

describe("replicate bodies", () => {
  it("take a single write or a batch", () => {
    expect(replicateSingleSchema.parse({ ...message, epoch: 2 })).toEqual({ ...message, epoch: 2 });
    const batch = { epoch: 0, from: "node1", messages: [message] };
    expect(replicateBatchSchema.parse(batch)).toEqual(batch);
    expect(replicateRequestSchema.safeParse(batch).success).toBe(true);
    expect(replicateRequestSchema.safeParse(message).success).toBe(true);
  });

  it("take a batch of no writes only as an announcement of its sender's epoch", () => {
    const announcement = { epoch: 3, from: "node2", messages: [] };
    expect(replicateBatchSchema.parse(announcement)).toEqual(announcement);
    for (const body of [
      { messages: [] },
      { epoch: 3, messages: [] },
      { from: "n2", messages: [] },
    ]) {
      expect(replicateBatchSchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
    }
  });

  it("reject garbage, arrays, empty batches and any bad message", () => {
    const bad = { ...message, clock: { node1: -1 } };
    for (const body of [
      "garbage",
      42,
      null,
      [message],
      { messages: [] },
      { messages: "x" },
      { messages: [message, bad] },
      { epoch: -1, messages: [message] },
      { epoch: 1.5, messages: [message] },
      { from: "no de", messages: [message] },
      bad,
    ]) {
      expect(replicateRequestSchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
    }
  });
});

describe("events query", () => {
  it("reads the cursor from the query string", () => {
    expect(eventsQuerySchema.parse({})).toEqual({ after: 0, limit: 1000 });
    expect(eventsQuerySchema.parse({ after: "12", limit: "5" })).toEqual({ after: 12, limit: 5 });
  });

  it.each(["-1", "1.5", "abc", "", "1e3", "0x10"])("rejects after=%s", (after) => {
    expect(eventsQuerySchema.safeParse({ after }).success).toBe(false);
  });

  it("rejects a limit of 0 or above the page size", () => {
    expect(eventsQuerySchema.safeParse({ limit: "0" }).success).toBe(false);
    expect(eventsQuerySchema.safeParse({ limit: "1001" }).success).toBe(false);
  });
});

describe("status", () => {
  it("describes a replica", () => {
    const status = {
      id: "node1",
      epoch: 0,
      members: ["node1", "node2"],
      mode: "causal",
      clock: { node1: 1, node2: 0 },
      applied: { node1: { prefix: 1, beyond: [] }, node2: { prefix: 0, beyond: [] } },
      store: { x: [{ value: "1", clock: { node1: 1 }, origin: "node1" }] },
      buffer: [],
      links: { node2: healthyLink },
      unacknowledged: { node2: 1 },
    };
    expect(statusResponseSchema.parse(status)).toEqual(status);
    expect(statusResponseSchema.safeParse({ ...status, mode: "eager" }).success).toBe(false);
    const gap = { node1: { prefix: 0, beyond: [-1] } };
    expect(statusResponseSchema.safeParse({ ...status, applied: gap }).success).toBe(false);
  });

  it("keeps every key of the store, those named after Object.prototype's members too", () => {
    const sibling = { value: "1", clock: { node1: 1 }, origin: "node1" };
    const text = `{"__proto__":[${JSON.stringify(sibling)}],"constructor":[],"hasOwnProperty":[]}`;
    const store = storeSchema.parse(JSON.parse(text));
    expect(Object.keys(store)).toEqual(["__proto__", "constructor", "hasOwnProperty"]);
    expect(Object.getPrototypeOf(store)).toBeNull();
    expect(Object.getOwnPropertyDescriptor(store, "__proto__")?.value).toEqual([sibling]);
    expect(JSON.stringify(store)).toBe(text);
    expect(storeSchema.parse({}).toString).toBeUndefined();
    for (const bad of [[], null, "x", { "": [] }, { x: [{ value: 1 }] }, { x: {} }]) {
      expect(storeSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
