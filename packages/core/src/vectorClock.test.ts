import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { memberIds, thrownCode } from "./causalHistory.testkit.js";
import {
  assertValidClock,
  type ClockOrder,
  canonicalClock,
  clockEntry,
  compare,
  concurrent,
  happenedBefore,
  increment,
  merge,
  mergeCanonical,
  type VectorClock,
  zeroClock,
} from "./vectorClock.js";

const seven = memberIds(7);
const clockArb: fc.Arbitrary<VectorClock> = fc.dictionary(
  fc.constantFrom(...seven),
  fc.nat({ max: 4 }),
);
const json = (clock: VectorClock) => JSON.stringify(clock);

describe("increment", () => {
  it("counts from a missing entry as 0 and leaves the input alone", () => {
    const start = { node1: 2 };
    expect(increment(start, "node2")).toEqual({ node1: 2, node2: 1 });
    expect(increment(start, "node1")).toEqual({ node1: 3 });
    expect(start).toEqual({ node1: 2 });
  });

  it("keeps canonical key order: node2 before node10", () => {
    const clock = increment(increment(increment({}, "node10"), "node2"), "node1");
    expect(Object.keys(clock)).toEqual(["node1", "node2", "node10"]);
  });
});

describe("merge", () => {
  it("takes the entrywise maximum, counting missing entries as 0", () => {
    expect(merge({ node1: 3, node2: 1 }, { node2: 4, node3: 2 })).toEqual({
      node1: 3,
      node2: 4,
      node3: 2,
    });
  });

  it("returns entries in canonical order whatever the input order", () => {
    const merged = merge({ node10: 1, node3: 1 }, { node2: 5, node1: 0 });
    expect(Object.keys(merged)).toEqual(["node1", "node2", "node3", "node10"]);
  });
});

describe("mergeCanonical", () => {
  it("returns b itself when b has every id of a, each at least as large", () => {
    const a = { node1: 1, node2: 2 };
    const b = { node1: 1, node2: 3 };
    expect(mergeCanonical(a, b)).toBe(b);
    const wider = { node1: 2, node2: 2, node10: 1 };
    expect(mergeCanonical(a, wider)).toBe(wider);
    expect(mergeCanonical(a, a)).toBe(a);
  });

  it("builds a new clock when b is behind a anywhere, or lacks one of a's ids", () => {
    const a = { node1: 1, node2: 2, node3: 0 };
    const behind = { node1: 5, node2: 1, node3: 0 };
    expect(mergeCanonical(a, behind)).toEqual({ node1: 5, node2: 2, node3: 0 });
    expect(a).toEqual({ node1: 1, node2: 2, node3: 0 });
    const lacking = { node1: 4, node2: 4 };
    const merged = mergeCanonical(a, lacking);
    expect(merged).toEqual({ node1: 4, node2: 4, node3: 0 });
    expect(Object.keys(merged)).toEqual(["node1", "node2", "node3"]);
  });

  it("sorts the ids that b brings in, and agrees with merge on canonical clocks", () => {
    const merged = mergeCanonical({ node2: 1, node10: 1 }, { node1: 1, node3: 1 });
    expect(Object.keys(merged)).toEqual(["node1", "node2", "node3", "node10"]);
    fc.assert(
      fc.property(clockArb, clockArb, (a, b) => {
        const [x, y] = [canonicalClock(a), canonicalClock(b)];
        expect(json(mergeCanonical(x, y))).toBe(json(merge(x, y)));
      }),
    );
  });
});

describe("compare", () => {
  const cases: [VectorClock, VectorClock, ClockOrder][] = [
    [{ node1: 1 }, { node1: 2 }, "before"],
    [{ node1: 1, node2: 1 }, { node1: 1 }, "after"],
    [{ node1: 1, node2: 0 }, { node1: 1 }, "equal"],
    [{}, { node3: 0 }, "equal"],
    [{ node1: 1 }, { node2: 1 }, "concurrent"],
    [{ node1: 2, node2: 1 }, { node1: 1, node2: 2 }, "concurrent"],
  ];
  it.each(cases)("compare(%j, %j) is %s", (a, b, order) => {
    expect(compare(a, b)).toBe(order);
  });

  it("works across 7 replicas", () => {
    const base = zeroClock(seven);
    const a = increment(increment(base, "node7"), "node3");
    const b = increment(a, "node5");
    const c = increment(a, "node6");
    expect(Object.keys(base)).toEqual(seven);
    expect(compare(base, a)).toBe("before");
    expect(compare(b, a)).toBe("after");
    expect(compare(b, c)).toBe("concurrent");
    expect(compare(merge(b, c), b)).toBe("after");
    expect(happenedBefore(a, merge(b, c))).toBe(true);
    expect(concurrent(b, c)).toBe(true);
    expect(concurrent(a, b)).toBe(false);
  });

  it("reads a missing entry as 0", () => {
    expect(clockEntry({ node1: 4 }, "node9")).toBe(0);
    expect(clockEntry({ node1: 4 }, "node1")).toBe(4);
  });
});

describe("canonicalClock", () => {
  it("sorts numbered ids numerically, independent of insertion order", () => {
    expect(Object.keys(canonicalClock({ node10: 1, node2: 2, node1: 3 }))).toEqual([
      "node1",
      "node2",
      "node10",
    ]);
  });

  it("reads a null or undefined entry as 0, as clockEntry does, in any key order", () => {
    const holes = { node1: null, node2: 3, node3: undefined } as unknown as VectorClock;
    expect(canonicalClock(holes)).toEqual({ node1: 0, node2: 3, node3: 0 });
    const unsorted = { node3: undefined, node1: null, node2: 3 } as unknown as VectorClock;
    expect(canonicalClock(unsorted)).toEqual({ node1: 0, node2: 3, node3: 0 });
  });

  it("gives identical JSON for any insertion order", () => {
    fc.assert(
      fc.property(clockArb, fc.func(fc.integer()), (clock, rank) => {
        const shuffled = Object.fromEntries(
          Object.entries(clock).sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : 1)),
        );
        expect(json(canonicalClock(shuffled))).toBe(json(canonicalClock(clock)));
      }),
    );
  });
});

describe("clock laws", () => {
  it("merge is commutative", () => {
    fc.assert(fc.property(clockArb, clockArb, (a, b) => json(merge(a, b)) === json(merge(b, a))));
  });

  it("merge is associative", () => {
    fc.assert(
      fc.property(
        clockArb,
        clockArb,
        clockArb,
        (a, b, c) => json(merge(merge(a, b), c)) === json(merge(a, merge(b, c))),
      ),
    );
  });

  it("merge is idempotent", () => {
    fc.assert(fc.property(clockArb, (a) => json(merge(a, a)) === json(canonicalClock(a))));
  });

  it("merge(a, b) is after or equal to both", () => {
    fc.assert(
      fc.property(clockArb, clockArb, (a, b) => {
        const m = merge(a, b);
        expect(["after", "equal"]).toContain(compare(m, a));
        expect(["after", "equal"]).toContain(compare(m, b));
      }),
    );
  });

  it("compare is antisymmetric: before one way iff after the other", () => {
    const mirror: Record<ClockOrder, ClockOrder> = {
      before: "after",
      after: "before",
      equal: "equal",
      concurrent: "concurrent",
    };
    fc.assert(
      fc.property(clockArb, clockArb, (a, b) => {
        expect(compare(b, a)).toBe(mirror[compare(a, b)]);
        expect(compare(a, b) === "before").toBe(compare(b, a) === "after");
      }),
    );
  });

  it("increment always moves a clock strictly after itself", () => {
    fc.assert(
      fc.property(clockArb, fc.constantFrom(...seven), (a, id) => {
        expect(compare(increment(a, id), a)).toBe("after");
      }),
    );
  });
});

describe("assertValidClock", () => {
  const members = new Set(seven);
  const check = (clock: unknown) => thrownCode(() => assertValidClock(clock, members));

  it("accepts records of non-negative integers over members, including the empty clock", () => {
    expect(check({ node1: 0, node7: 12 })).toBe("nothing thrown");
    expect(check({})).toBe("nothing thrown");
  });

  it.each([
    ["a negative entry", { node1: -1 }],
    ["a non-integer entry", { node1: 1.5 }],
    ["NaN", { node1: Number.NaN }],
    ["Infinity", { node1: Number.POSITIVE_INFINITY }],
    ["an unsafe integer", { node1: 2 ** 53 }],
    ["a string entry", { node1: "1" }],
    ["null entry", { node1: null }],
    ["an array", [1, 2]],
    ["null", null],
    ["a number", 3],
    ["a string", "node1:1"],
    ["undefined", undefined],
  ])("rejects %s as invalid-clock", (_, clock) => {
    expect(check(clock)).toBe("invalid-clock");
  });

  it("rejects an id that is not a member as unknown-replica", () => {
    expect(check({ node1: 1, node8: 1 })).toBe("unknown-replica");
    expect(check(JSON.parse('{"node1": 1, "__proto__": 1}'))).toBe("unknown-replica");
  });
});
