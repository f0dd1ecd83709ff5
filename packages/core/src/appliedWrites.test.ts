import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppliedWrites } from "./appliedWrites.js";
import { memberIds } from "./causalHistory.testkit.js";

describe("AppliedWrites", () => {
  it("counts a gap-free prefix and returns the range each write newly covers", () => {
    const applied = new AppliedWrites(memberIds(2));
    expect(applied.add("node1", 1)).toEqual({ from: 0, to: 1 });
    expect(applied.add("node1", 3)).toEqual({ from: 1, to: 1 });
    expect(applied.add("node1", 4)).toEqual({ from: 1, to: 1 });
    expect(applied.delivered).toEqual({ node1: 1, node2: 0 });
    expect(applied.has("node1", 3)).toBe(true);
    expect(applied.has("node1", 2)).toBe(false);
    expect(applied.add("node1", 2)).toEqual({ from: 1, to: 4 });
    expect(applied.delivered).toEqual({ node1: 4, node2: 0 });
    expect(applied.snapshot()).toEqual({
      node1: { prefix: 4, beyond: [] },
      node2: { prefix: 0, beyond: [] },
    });
  });

  it("rebuilds from its snapshot, also through JSON", () => {
    const applied = new AppliedWrites(memberIds(2));
    applied.add("node2", 5);
    applied.add("node2", 3);
    applied.add("node1", 1);
    const snapshot = JSON.parse(JSON.stringify(applied.snapshot()));
    expect(snapshot.node2).toEqual({ prefix: 0, beyond: [3, 5] });
    const copy = new AppliedWrites(memberIds(2), snapshot);
    expect(copy.snapshot()).toEqual(applied.snapshot());
    expect(copy.add("node2", 1)).toEqual({ from: 0, to: 1 });
    expect(copy.add("node2", 2)).toEqual({ from: 1, to: 3 });
  });

  it("in any order, ends with prefix n once writes 1..n are all added", () => {
    const orders = fc.integer({ min: 1, max: 30 }).chain((n) =>
      fc.shuffledSubarray(
        Array.from({ length: n }, (_, i) => i + 1),
        { minLength: n, maxLength: n },
      ),
    );
    fc.assert(
      fc.property(orders, (order) => {
        const applied = new AppliedWrites(["node1"]);
        let covered = 0;
        for (const seq of order) {
          const range = applied.add("node1", seq);
          expect(range.from).toBe(covered);
          covered = range.to;
        }
        expect(covered).toBe(order.length);
        expect(applied.snapshot()).toEqual({ node1: { prefix: order.length, beyond: [] } });
      }),
    );
  });
});
