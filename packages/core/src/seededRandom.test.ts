import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededRandom } from "./seededRandom.js";

describe("seededRandom", () => {
  it("draws mulberry32's numbers, so every recorded seed replays as it ran", () => {
    const random = seededRandom(1);
    expect([random.next(), random.next(), random.next()]).toEqual([
      0.6270739405881613, 0.002735721180215478, 0.5274470399599522,
    ]);
    expect(seededRandom(0).next()).toBe(0.26642920868471265);
    // Seeds are taken as unsigned 32-bit integers.
    expect(seededRandom(2 ** 32 + 1).next()).toBe(0.6270739405881613);
  });

  it("gives the same sequence for the same seed, in [0, 1)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const a = seededRandom(seed);
        const b = seededRandom(seed);
        for (let i = 0; i < 20; i++) {
          const value = a.next();
          expect(b.next()).toBe(value);
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThan(1);
        }
      }),
    );
  });

  it("draws integers in [min, max], both ends included", () => {
    const random = seededRandom(7);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(random.int(3, 6));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it("says yes to a chance with that probability, never to 0 and always to 1", () => {
    const random = seededRandom(11);
    const draws = Array.from({ length: 4000 }, () => random.chance(0.25));
    const yes = draws.filter(Boolean).length / draws.length;
    expect(yes).toBeGreaterThan(0.2);
    expect(yes).toBeLessThan(0.3);
    expect(Array.from({ length: 100 }, () => random.chance(0)).some(Boolean)).toBe(false);
    expect(Array.from({ length: 100 }, () => random.chance(1)).every(Boolean)).toBe(true);
  });

  it("picks every item of a list in time, and refuses an empty one", () => {
    const random = seededRandom(3);
    const items = ["a", "b", "c"] as const;
    const picked = new Set(Array.from({ length: 100 }, () => random.pick(items)));
    expect([...picked].sort()).toEqual(["a", "b", "c"]);
    expect(() => random.pick([])).toThrow("pick from an empty list");
  });
});
