import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  deliverable,
  firstMissingOrigin,
  missingDependencies,
  neededFrom,
} from "./causalDelivery.js";
import { memberIds } from "./causalHistory.testkit.js";
import type { ReplicatedWrite } from "./replicatedWrite.js";
import { clockEntry, type VectorClock } from "./vectorClock.js";

type Stamped = Pick<ReplicatedWrite, "origin" | "clock">;

/**
 * The rule of the original design: it only checked that the write's causal past from the *other*
 * replicas is here, and never that the write is its origin's next one.
 */
function flawedDeliverable(write: Stamped, delivered: VectorClock): boolean {
  return Object.entries(write.clock).every(
    ([id, count]) => id === write.origin || count <= clockEntry(delivered, id),
  );
}

const nothing: VectorClock = { node1: 0, node2: 0, node3: 0 };

describe("deliverable (Birman–Schiper–Stephenson)", () => {
  it("delivers a replica's first write to a replica that has nothing", () => {
    expect(deliverable({ origin: "node1", clock: { node1: 1 } }, nothing)).toBe(true);
  });

  it("holds node1's write #2 when #1 has not arrived, which the original rule let through", () => {
    const second: Stamped = { origin: "node1", clock: { node1: 2 } };
    expect(flawedDeliverable(second, nothing)).toBe(true);
    expect(deliverable(second, nothing)).toBe(false);
    expect(missingDependencies(second, nothing)).toEqual(["node1:1"]);
    expect(deliverable(second, { ...nothing, node1: 1 })).toBe(true);
  });

  it("holds a write until everything its writer had seen from others is here", () => {
    const reply: Stamped = { origin: "node2", clock: { node1: 1, node2: 1 } };
    expect(deliverable(reply, nothing)).toBe(false);
    expect(flawedDeliverable(reply, nothing)).toBe(false);
    expect(deliverable(reply, { ...nothing, node1: 1 })).toBe(true);
    expect(deliverable(reply, { ...nothing, node1: 5 })).toBe(true);
  });

  it("does not deliver a write that is already delivered", () => {
    const first: Stamped = { origin: "node1", clock: { node1: 1 } };
    expect(deliverable(first, { ...nothing, node1: 1 })).toBe(false);
    expect(flawedDeliverable(first, { ...nothing, node1: 1 })).toBe(true);
  });

  it("matches the rule V[j] = D[j] + 1 and V[k] ≤ D[k] for k ≠ j, over 5 replicas", () => {
    const five = memberIds(5);
    const counts = fc.dictionary(fc.constantFrom(...five), fc.nat({ max: 3 }));
    fc.assert(
      fc.property(fc.constantFrom(...five), counts, counts, (origin, seen, delivered) => {
        const clock = { ...seen, [origin]: (seen[origin] ?? 0) + 1 };
        const expected = five.every((id) =>
          id === origin
            ? clockEntry(clock, id) === clockEntry(delivered, id) + 1
            : clockEntry(clock, id) <= clockEntry(delivered, id),
        );
        expect(deliverable({ origin, clock }, delivered)).toBe(expected);
        expect(missingDependencies({ origin, clock }, delivered).length === 0).toBe(
          clockEntry(clock, origin) <= clockEntry(delivered, origin) + 1 &&
            five.every((id) => id === origin || clockEntry(clock, id) <= clockEntry(delivered, id)),
        );
      }),
    );
  });
});

describe("missingDependencies", () => {
  it("names the latest missing write of each replica, as origin:seq", () => {
    const write: Stamped = { origin: "node3", clock: { node1: 3, node2: 1, node3: 2 } };
    expect(missingDependencies(write, { node1: 1, node2: 1, node3: 0 })).toEqual([
      "node1:3",
      "node3:1",
    ]);
    expect(missingDependencies(write, { node1: 3, node2: 1, node3: 1 })).toEqual([]);
  });

  it("treats a missing entry of the delivered vector as 0", () => {
    expect(missingDependencies({ origin: "node2", clock: { node1: 2, node2: 1 } }, {})).toEqual([
      "node1:2",
    ]);
  });
});

describe("missingDependencies, called again and again", () => {
  it("lists only what is missing, in a list of exactly that length", () => {
    const write = { origin: "node3", clock: { node1: 2, node2: 5, node3: 1, node4: 1 } };
    const missing = missingDependencies(write, { node1: 2, node2: 1, node4: 1 });
    expect(missing).toStrictEqual(["node2:5"]);
    expect(missing).toHaveLength(1);
  });

  it("names each write afresh when the same replica's needed write changes", () => {
    const delivered = { node1: 0, node2: 0 };
    const names = [3, 3, 4, 2, 2, 9].map((seen) =>
      missingDependencies({ origin: "node2", clock: { node1: seen, node2: 1 } }, delivered),
    );
    expect(names).toEqual([
      ["node1:3"],
      ["node1:3"],
      ["node1:4"],
      ["node1:2"],
      ["node1:2"],
      ["node1:9"],
    ]);
  });

  it("keeps naming correctly past thousands of distinct replicas", () => {
    for (let i = 0; i < 5000; i++) {
      const id = `r${i}`;
      expect(missingDependencies({ origin: "x", clock: { [id]: i + 1, x: 1 } }, {})).toEqual([
        `${id}:${i + 1}`,
      ]);
    }
    expect(missingDependencies({ origin: "x", clock: { r7: 2, x: 1 } }, {})).toEqual(["r7:2"]);
  });
});

describe("firstMissingOrigin", () => {
  it("is the first replica with a missing write, in clock order, or undefined when deliverable", () => {
    const write: Stamped = { origin: "node3", clock: { node1: 3, node2: 4, node3: 1 } };
    expect(firstMissingOrigin(write, { node1: 3, node2: 1 })).toBe("node2");
    expect(firstMissingOrigin(write, { node1: 2, node2: 1 })).toBe("node1");
    expect(firstMissingOrigin(write, { node1: 3, node2: 4 })).toBeUndefined();
  });

  it("counts the origin's own earlier writes, not the write itself", () => {
    const write: Stamped = { origin: "node2", clock: { node1: 1, node2: 3 } };
    expect(firstMissingOrigin(write, { node1: 1, node2: 1 })).toBe("node2");
    expect(firstMissingOrigin(write, { node1: 1, node2: 2 })).toBeUndefined();
  });
});

describe("neededFrom", () => {
  it("is the count seen of another replica, and one less of the origin", () => {
    const write: Stamped = { origin: "node2", clock: { node1: 5, node2: 3 } };
    expect(neededFrom(write, "node1")).toBe(5);
    expect(neededFrom(write, "node2")).toBe(2);
    expect(neededFrom(write, "node3")).toBe(0);
  });
});
