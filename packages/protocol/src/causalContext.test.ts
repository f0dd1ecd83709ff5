import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  clusterTag,
  contextWaitSchema,
  decodeCausalContext,
  encodeCausalContext,
} from "./causalContext.js";
import { errorBodySchema } from "./errorBody.js";

const members = ["node1", "node2", "node3"];

describe("causal context tokens", () => {
  it("round-trip as compact base64url, zero entries left out", () => {
    const context = { cluster: clusterTag(members), epoch: 4, clock: { node1: 3, node2: 0 } };
    const token = encodeCausalContext(context);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token.length).toBeLessThan(60);
    expect(decodeCausalContext(token)).toEqual({ ...context, clock: { node1: 3 } });
  });

  it("round-trip any clock of valid ids", () => {
    const id = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,8}$/).filter((s) => !(s in {}));
    fc.assert(
      fc.property(fc.dictionary(id, fc.nat()), fc.nat(), (clock, epoch) => {
        const decoded = decodeCausalContext(
          encodeCausalContext({ cluster: "0123abcd", epoch, clock }),
        );
        expect(decoded).toEqual({
          cluster: "0123abcd",
          epoch,
          clock: Object.fromEntries(Object.entries(clock).filter(([, n]) => n > 0)),
        });
      }),
    );
  });

  it("refuse what is not a token, saying why", () => {
    const json = (value: unknown) =>
      btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const bad = [
      "",
      "not base64!",
      "a".repeat(9000),
      json("just a string"),
      json({ c: "0123abcd", e: 1 }),
      json({ c: "0123abcd", e: -1, v: {} }),
      json({ c: "XYZ", e: 1, v: {} }),
      json({ c: "0123abcd", e: 1, v: { node1: 1.5 } }),
      json({ c: "0123abcd", e: 1, v: { "1node": 1 } }),
      json({ c: "0123abcd", e: 1, v: {}, extra: true }),
      "e30", // {} is JSON, but no token
      "%%%",
    ];
    for (const token of bad) {
      expect(decodeCausalContext(token), token.slice(0, 40)).toHaveProperty("problem");
    }
  });

  it("tag a cluster by its members, whatever their order", () => {
    expect(clusterTag(["node2", "node1"])).toBe(clusterTag(["node1", "node2"]));
    expect(clusterTag(members)).not.toBe(clusterTag(["node1", "node2"]));
    expect(clusterTag(members)).toMatch(/^[0-9a-f]{8}$/);
  });
});

describe("the wait parameter and the error body", () => {
  it("takes 0 to 10000 ms as digits", () => {
    expect(contextWaitSchema.parse("0")).toBe(0);
    expect(contextWaitSchema.parse("10000")).toBe(10_000);
    for (const bad of ["-1", "1.5", "10001", "", "abc", "1e3", "123456"]) {
      expect(contextWaitSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it("carries what an unreached context misses", () => {
    const body = { error: { code: "context-not-reached", message: "m", missing: { node1: 3 } } };
    expect(errorBodySchema.parse(body)).toEqual(body);
    expect(
      errorBodySchema.safeParse({ error: { code: "c", message: "m", missing: { node1: -1 } } })
        .success,
    ).toBe(false);
  });
});
