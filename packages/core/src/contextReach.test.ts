import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contextReached, unreachedContext } from "./contextReach.js";

describe("reaching a causal context", () => {
  it("is reached when every entry is delivered, and names each entry that is not", () => {
    const delivered = { node1: 2, node2: 5, node3: 0 };
    expect(contextReached(delivered, { node1: 2, node2: 4 })).toBe(true);
    expect(unreachedContext(delivered, { node1: 2, node2: 4 })).toEqual({});
    expect(contextReached(delivered, { node1: 3, node3: 1 })).toBe(false);
    expect(unreachedContext(delivered, { node1: 3, node2: 5, node3: 1 })).toEqual({
      node1: 3,
      node3: 1,
    });
  });

  it("counts an entry the delivered clock lacks as 0", () => {
    expect(unreachedContext({}, { node1: 1 })).toEqual({ node1: 1 });
    expect(contextReached({ node1: 0 }, {})).toBe(true);
  });

  it("agrees with itself: reached exactly when nothing is unreached", () => {
    const clock = fc.dictionary(fc.constantFrom("a", "b", "c"), fc.nat(4));
    fc.assert(
      fc.property(clock, clock, (delivered, context) => {
        const missing = unreachedContext(delivered, context);
        expect(contextReached(delivered, context)).toBe(Object.keys(missing).length === 0);
        for (const [id, count] of Object.entries(missing)) {
          expect(count).toBe(context[id]);
          expect(delivered[id] ?? 0).toBeLessThan(count);
        }
      }),
    );
  });
});
