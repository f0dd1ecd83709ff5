import type { CoreErrorCode } from "@causal-kv/core";
import { describe, expect, it } from "vitest";
import {
  apiErrors,
  clientErrors,
  type ErrorCode,
  errorRegistry,
  isApiErrorCode,
  isErrorCode,
  isLabServerErrorCode,
  labServerErrors,
} from "./errorRegistry.js";

/** The core's codes become replies as they are (apps/replica's errorReplies passes them on). */
const coreCodes: Record<CoreErrorCode, true> = {
  "invalid-clock": true,
  "unknown-replica": true,
  "invalid-write": true,
  "invalid-config": true,
};

describe("the error registry", () => {
  it("gives every code a replica answers a 4xx or 5xx status, a sentence and definite", () => {
    const entries = Object.entries(apiErrors);
    expect(entries.length).toBeGreaterThan(25);
    for (const [code, { status, message, definite }] of entries) {
      expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(Number.isInteger(status) && status >= 400 && status <= 599, code).toBe(true);
      expect(message.length, code).toBeGreaterThan(10);
      expect(message, code).toMatch(/^[a-z]/);
      expect(typeof definite, code).toBe("boolean");
    }
  });

  it("gives every code a client makes itself a sentence and definite, and no status", () => {
    for (const [code, definition] of Object.entries(clientErrors)) {
      expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(definition.message.length, code).toBeGreaterThan(10);
      expect(typeof definition.definite, code).toBe("boolean");
      expect(definition, code).not.toHaveProperty("status");
    }
  });

  it("keeps the replica's, the lab server's and the client's codes apart, and holds all three", () => {
    const api = Object.keys(apiErrors);
    const lab = Object.keys(labServerErrors);
    const client = Object.keys(clientErrors);
    const all = [...api, ...lab, ...client];
    expect(new Set(all).size).toBe(all.length);
    expect(Object.keys(errorRegistry).sort()).toEqual(all.sort());
    expect(lab.every(isLabServerErrorCode)).toBe(true);
    expect(api.some(isLabServerErrorCode)).toBe(false);
  });

  it("gives the lab server's own refusals a 4xx and calls them definite", () => {
    for (const [code, { status, message, definite }] of Object.entries(labServerErrors)) {
      expect(status >= 400 && status < 500, code).toBe(true);
      expect(message, code).toMatch(/^[a-z]/);
      expect(definite, code).toBe(true);
    }
  });

  it("calls a refusal definite and an unknown fate indefinite", () => {
    const definite = (code: ErrorCode) => errorRegistry[code].definite;
    // Refused before anything changed, even at a 5xx: the change was never applied.
    for (const code of ["invalid-key", "stale-epoch", "unauthorized", "storage-failed"] as const) {
      expect(definite(code), code).toBe(true);
    }
    // Nothing was sent.
    expect(definite("unreachable")).toBe(true);
    // Sent, then no clear answer: the write may or may not survive.
    for (const code of [
      "internal",
      "storage-sync-failed",
      "timeout",
      "connection-lost",
      "http-error",
      "bad-response",
    ] as const) {
      expect(definite(code), code).toBe(false);
    }
    // Every indefinite code a replica answers is a 5xx: a 4xx is always a refusal.
    for (const [code, { status, definite }] of Object.entries(apiErrors)) {
      if (!definite) expect(status, code).toBeGreaterThanOrEqual(500);
    }
  });

  it("registers every code the core throws, as a 400", () => {
    for (const code of Object.keys(coreCodes)) {
      expect(isApiErrorCode(code), code).toBe(true);
      if (isApiErrorCode(code)) expect(apiErrors[code].status, code).toBe(400);
    }
  });

  it("recognizes its own codes only, not what an object inherits", () => {
    expect(isErrorCode("stale-epoch")).toBe(true);
    expect(isErrorCode("timeout")).toBe(true);
    expect(isApiErrorCode("timeout")).toBe(false);
    for (const code of ["", "toString", "__proto__", "constructor", "Stale-Epoch", "teleport"]) {
      expect(isErrorCode(code), code).toBe(false);
      expect(isApiErrorCode(code), code).toBe(false);
    }
  });
});
