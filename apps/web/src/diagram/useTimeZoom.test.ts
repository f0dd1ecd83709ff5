import { zoomIdentity } from "d3";
import { describe, expect, it } from "vitest";
import { followDomain } from "./axisSpans";
import { zoomedScale } from "./useTimeZoom";

describe("zoomedScale", () => {
  it("keeps the value under the pointer where it was when the wheel zooms about it", () => {
    const offset = 78;
    const width = 800;
    const before = zoomedScale([0, 1000], width, offset, zoomIdentity);
    for (const pointer of [offset, offset + 120, offset + 500, offset + width]) {
      const valueUnder = before.invert(pointer - offset);
      // d3-zoom's wheel: scale by k about the pointer, in the SVG's own coordinates.
      const k = 2.5;
      const transform = zoomIdentity.translate(pointer, 0).scale(k).translate(-pointer, 0);
      const after = zoomedScale([0, 1000], width, offset, transform);
      expect(after(valueUnder)).toBeCloseTo(pointer - offset, 6);
      expect(after.range()).toEqual([0, width]);
    }
  });
});

describe("followDomain", () => {
  const spans = { min: 10, follow: 40, before: 0.5, after: 1 };
  it("shows a short run whole, at least `min` wide, with room at both ends", () => {
    expect(followDomain({ first: 0, last: 4 }, spans)).toEqual([-0.5, 11]);
    expect(followDomain({ first: 0, last: 25 }, spans)).toEqual([-0.5, 26]);
  });
  it("shows the latest stretch of a long run", () => {
    expect(followDomain({ first: 0, last: 100 }, spans)).toEqual([59.5, 101]);
  });
});
