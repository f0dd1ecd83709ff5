import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { thrownCode } from "./causalHistory.testkit.js";
import { compareReplicaIds, isReplicaId, normalizeMembers } from "./replicaId.js";
import { canonicalClock } from "./vectorClock.js";

// Ids from a few parts, so that shared prefixes, leading zeros and digits inside ids meet often.
const idArb = fc
  .tuple(
    fc.constantFrom("a", "b", "a_"),
    fc.constantFrom("", "0", "1", "01", "2", "10"),
    fc.constantFrom("", "a", "_", "3"),
  )
  .map((parts) => parts.join(""));

describe("compareReplicaIds", () => {
  it("puts node2 before node10 and orders prefixes before numbers", () => {
    expect(["node10", "node2", "node1", "alpha3"].sort(compareReplicaIds)).toEqual([
      "alpha3",
      "node1",
      "node2",
      "node10",
    ]);
  });

  it("reads only the trailing number: digits inside an id belong to its prefix", () => {
    expect(["rack1node10", "rack1node2", "rack2node1"].sort(compareReplicaIds)).toEqual([
      "rack1node2",
      "rack1node10",
      "rack2node1",
    ]);
    expect(["a1b", "a2", "a1"].sort(compareReplicaIds)).toEqual(["a1", "a2", "a1b"]);
  });

  it("puts an id without a number before the same prefix with any number", () => {
    expect(["node1", "node", "node0"].sort(compareReplicaIds)).toEqual(["node", "node0", "node1"]);
  });

  it("never calls two different ids equal (node1 and node01 are distinct replicas)", () => {
    expect(compareReplicaIds("node1", "node01")).not.toBe(0);
    expect(Math.sign(compareReplicaIds("node1", "node01"))).toBe(
      -Math.sign(compareReplicaIds("node01", "node1")),
    );
    const a = JSON.stringify(canonicalClock({ node1: 1, node01: 2 }));
    expect(JSON.stringify(canonicalClock({ node01: 2, node1: 1 }))).toBe(a);
  });

  it("is a total order: antisymmetric, zero only for equal ids, transitive", () => {
    fc.assert(
      fc.property(idArb, idArb, idArb, (a, b, c) => {
        const ab = Math.sign(compareReplicaIds(a, b));
        expect(ab + Math.sign(compareReplicaIds(b, a))).toBe(0);
        expect(ab === 0).toBe(a === b);
        if (ab < 0 && compareReplicaIds(b, c) < 0) expect(compareReplicaIds(a, c)).toBeLessThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it("makes canonical clocks independent of insertion order for any ids", () => {
    fc.assert(
      fc.property(fc.uniqueArray(idArb, { maxLength: 12 }), (ids) => {
        const forward = Object.fromEntries(ids.map((id) => [id, 1]));
        const backward = Object.fromEntries([...ids].reverse().map((id) => [id, 1]));
        expect(JSON.stringify(canonicalClock(backward))).toBe(
          JSON.stringify(canonicalClock(forward)),
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe("normalizeMembers", () => {
  it("returns members sorted, without changing its input", () => {
    const members = ["node10", "node2", "node1"];
    expect(normalizeMembers(members)).toEqual(["node1", "node2", "node10"]);
    expect(members).toEqual(["node10", "node2", "node1"]);
  });

  it.each([
    ["an empty list", []],
    ["a repeated id", ["node1", "node1"]],
    ["an id with a space", ["node 1"]],
    ["an id with a colon", ["node:1"]],
    ["an empty id", [""]],
    ["an id over 64 characters", ["n".repeat(65)]],
  ])("rejects %s as invalid-config", (_, members) => {
    expect(thrownCode(() => normalizeMembers(members))).toBe("invalid-config");
  });

  it("knows what a replica id looks like", () => {
    expect(isReplicaId("node-1_a")).toBe(true);
    expect(isReplicaId("n".repeat(64))).toBe(true);
    expect(isReplicaId(7)).toBe(false);
    expect(isReplicaId("node/1")).toBe(false);
    expect(isReplicaId(["node1"])).toBe(false);
    expect(isReplicaId({ toString: () => "node1" })).toBe(false);
  });
});

describe("replica ids that objects would misread", () => {
  it("rejects all-digit ids and names of Object.prototype members", () => {
    expect(isReplicaId("1")).toBe(false);
    expect(isReplicaId("constructor")).toBe(false);
    expect(isReplicaId("__proto__")).toBe(false);
    expect(isReplicaId("toString")).toBe(false);
    expect(isReplicaId("node-1_a")).toBe(true);
  });
});
