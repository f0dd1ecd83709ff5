import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { historyArb } from "./causalHistory.testkit.js";
import type { VectorClock } from "./vectorClock.js";
import { type Sibling, VersionedStore } from "./versionedStore.js";

function sibling(origin: string, clock: VectorClock, value: string | null = origin): Sibling {
  return { origin, clock, value };
}

const fromNode1 = sibling("node1", { node1: 1 }, "a");
const fromNode2 = sibling("node2", { node2: 1 }, "b");
const sawBoth = sibling("node3", { node1: 1, node2: 1, node3: 1 }, "c");

describe("VersionedStore", () => {
  it("replaces a value with a write that has seen it", () => {
    const store = new VersionedStore();
    store.apply("k", fromNode1);
    const next = sibling("node2", { node1: 1, node2: 1 }, "a2");
    expect(store.apply("k", next)).toBe(true);
    expect(store.siblings("k")).toEqual([next]);
  });

  it("keeps concurrent writes as siblings: a conflict", () => {
    const store = new VersionedStore();
    expect(store.apply("k", fromNode2)).toBe(true);
    expect(store.apply("k", fromNode1)).toBe(true);
    expect(store.siblings("k")).toEqual([fromNode1, fromNode2]);
  });

  it("resolves siblings with a write that has seen them all", () => {
    const store = new VersionedStore();
    store.apply("k", fromNode1);
    store.apply("k", fromNode2);
    expect(store.apply("k", sawBoth)).toBe(true);
    expect(store.siblings("k")).toEqual([sawBoth]);
  });

  it("replaces only the siblings the new write dominates", () => {
    const store = new VersionedStore();
    store.apply("k", fromNode1);
    store.apply("k", fromNode2);
    const overNode1 = sibling("node1", { node1: 2 }, "a2");
    store.apply("k", overNode1);
    expect(store.siblings("k")).toEqual([overNode1, fromNode2]);
  });

  it("ignores an older write that arrives late, and a repeat of a write it has", () => {
    const store = new VersionedStore();
    store.apply("k", sawBoth);
    expect(store.apply("k", fromNode1)).toBe(false);
    expect(store.apply("k", { ...sawBoth })).toBe(false);
    expect(store.siblings("k")).toEqual([sawBoth]);
  });

  it("keeps a delete (null) as an ordinary versioned value", () => {
    const store = new VersionedStore();
    store.apply("k", fromNode1);
    const deleted = sibling("node1", { node1: 2 }, null);
    store.apply("k", deleted);
    expect(store.siblings("k")).toEqual([deleted]);
    expect(store.size).toBe(1);
  });

  it("keeps keys apart", () => {
    const store = new VersionedStore();
    store.apply("a", sawBoth);
    store.apply("b", fromNode1);
    expect(store.siblings("b")).toEqual([fromNode1]);
    expect(store.siblings("missing")).toEqual([]);
    expect(store.size).toBe(2);
  });

  it("orders siblings by origin (node2 before node10), then by the origin's count", () => {
    const writes = [
      sibling("node10", { node10: 1 }),
      sibling("node2", { node2: 1 }),
      sibling("node01", { node01: 1 }),
      sibling("node1", { node1: 1 }),
    ];
    const forward = new VersionedStore();
    for (const w of writes) forward.apply("k", w);
    const backward = new VersionedStore();
    for (const w of [...writes].reverse()) backward.apply("k", w);
    expect(forward.siblings("k").map((s) => s.origin)).toEqual([
      "node01",
      "node1",
      "node2",
      "node10",
    ]);
    expect(JSON.stringify(backward.snapshot())).toBe(JSON.stringify(forward.snapshot()));
  });

  it("orders concurrent siblings of one origin by that origin's count", () => {
    // Real replicas never make two concurrent writes, but a forged or replayed clock can.
    const older = sibling("node1", { node1: 1, node2: 1 }, "older");
    const newer = sibling("node1", { node1: 2 }, "newer");
    for (const order of [
      [older, newer],
      [newer, older],
    ]) {
      const store = new VersionedStore();
      for (const w of order) store.apply("k", w);
      expect(store.siblings("k")).toEqual([older, newer]);
    }
  });

  it("serializes keys sorted and rebuilds from its snapshot, also through JSON", () => {
    const store = new VersionedStore();
    store.apply("zeta", fromNode1);
    store.apply("alpha", fromNode2);
    store.apply("alpha", fromNode1);
    expect(Object.keys(store.snapshot())).toEqual(["alpha", "zeta"]);
    const copy = new VersionedStore(JSON.parse(JSON.stringify(store.snapshot())));
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(store.snapshot()));
    expect(copy.apply("alpha", sawBoth)).toBe(true);
    expect(store.siblings("alpha")).toEqual([fromNode1, fromNode2]);
  });

  it("keeps keys named after Object.prototype's members through a snapshot", () => {
    const store = new VersionedStore();
    store.apply("__proto__", fromNode1);
    store.apply("constructor", fromNode2);
    const snapshot = store.snapshot();
    expect(Object.keys(snapshot)).toEqual(["__proto__", "constructor"]);
    expect(JSON.stringify(snapshot)).toBe(
      JSON.stringify({ ["__proto__"]: [fromNode1], constructor: [fromNode2] }),
    );
    // No prototype: an absent key is absent, whatever its name.
    expect(snapshot.hasOwnProperty).toBeUndefined();
    expect(snapshot.toString).toBeUndefined();
    const copy = new VersionedStore(JSON.parse(JSON.stringify(snapshot)));
    expect(copy.siblings("__proto__")).toEqual([fromNode1]);
    expect(copy.siblings("constructor")).toEqual([fromNode2]);
    expect(copy.siblings("hasOwnProperty")).toEqual([]);
  });

  it("ends in the same state whatever order the same writes are applied in", () => {
    const scenario = historyArb(3).chain((history) =>
      fc
        .shuffledSubarray([...history.messages], {
          minLength: history.messages.length,
          maxLength: history.messages.length,
        })
        .map((shuffled) => ({ history, shuffled })),
    );
    fc.assert(
      fc.property(scenario, ({ history, shuffled }) => {
        const inOrder = new VersionedStore();
        const permuted = new VersionedStore();
        for (const w of history.messages) inOrder.apply(w.key, w);
        for (const w of shuffled) permuted.apply(w.key, w);
        expect(JSON.stringify(permuted.snapshot())).toBe(JSON.stringify(inOrder.snapshot()));
      }),
    );
  });
});
