import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clipSegment } from "./clipSegment";

const coordinate = fc.double({ min: -50_000, max: 50_000, noNaN: true });
const segment = fc.record({ x1: coordinate, y1: coordinate, x2: coordinate, y2: coordinate });
const period = 9;

/** Where a point lies along the segment, as a fraction, and how far off the line it is. */
function along(s: { x1: number; y1: number; x2: number; y2: number }, x: number, y: number) {
  const dx = s.x2 - s.x1;
  const dy = s.y2 - s.y1;
  const length2 = dx * dx + dy * dy;
  const t = ((x - s.x1) * dx + (y - s.y1) * dy) / length2;
  const off = Math.abs((x - s.x1) * dy - (y - s.y1) * dx) / Math.sqrt(length2);
  return { t, off };
}

describe("clipSegment", () => {
  it("keeps a segment inside the strip as it is", () => {
    const inside = { x1: 10, y1: 5, x2: 500, y2: 90, label: "x=1" };
    expect(clipSegment(inside, 0, 600, period)).toBe(inside);
  });

  it("cuts a segment from far off the left to within a period of the edge, dashes in place", () => {
    const cut = clipSegment({ x1: -32_000, y1: 0, x2: 300, y2: 0 }, -32, 744, period);
    expect(cut?.x1).toBeGreaterThan(-32 - period);
    expect(cut?.x1).toBeLessThanOrEqual(-32);
    expect(((cut?.x1 ?? 0) + 32_000) % period).toBeCloseTo(0, 6);
    expect(cut?.x2).toBe(300);
  });

  it("keeps the part in the strip, on the same line, starting a whole number of periods in", () => {
    fc.assert(
      fc.property(
        segment,
        fc.double({ min: -2000, max: 2000, noNaN: true }),
        fc.double({ min: 1, max: 2000, noNaN: true }),
        (s, left, width) => {
          fc.pre(Math.hypot(s.x2 - s.x1, s.y2 - s.y1) > 1e-3 && s.x1 !== s.x2);
          const right = left + width;
          const cut = clipSegment(s, left, right, period);
          const enter = Math.max(
            0,
            Math.min((left - s.x1) / (s.x2 - s.x1), (right - s.x1) / (s.x2 - s.x1)),
          );
          const exit = Math.min(
            1,
            Math.max((left - s.x1) / (s.x2 - s.x1), (right - s.x1) / (s.x2 - s.x1)),
          );
          if (enter > exit) {
            expect(cut).toBeUndefined();
            return;
          }
          if (!cut) throw new Error("a segment crossing the strip was dropped");
          const length = Math.hypot(s.x2 - s.x1, s.y2 - s.y1);
          const start = along(s, cut.x1, cut.y1);
          const end = along(s, cut.x2, cut.y2);
          const tolerance = 1e-6 * Math.max(1, length);
          expect(start.off).toBeLessThan(tolerance);
          expect(end.off).toBeLessThan(tolerance);
          // Everything in the strip is kept; the start is at most a period before it.
          expect(start.t).toBeLessThanOrEqual(enter + 1e-9);
          expect((enter - start.t) * length).toBeLessThan(period + tolerance);
          expect(end.t).toBeCloseTo(exit, 6);
          // The dash pattern starts where it did: the start moved by whole periods.
          const moved = start.t * length;
          expect(Math.abs(moved - Math.round(moved / period) * period)).toBeLessThan(tolerance);
        },
      ),
    );
  });
});
