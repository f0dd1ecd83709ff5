import { describe, expect, it } from "vitest";
import { fitLaneGap, minStageHeight } from "./laneFit";

const margins = { top: 16, bottom: 28 };

describe("fitLaneGap", () => {
  it("spreads the lanes over the height given, up to a ceiling", () => {
    expect(fitLaneGap(44 + 3 * 80, 3, margins, false)).toBe(80);
    expect(fitLaneGap(2000, 3, margins, false)).toBe(120);
  });

  it("never packs lanes closer than the floor, and the stage's least height holds them", () => {
    expect(fitLaneGap(100, 3, margins, false)).toBe(32);
    expect(fitLaneGap(100, 3, margins, true)).toBe(28);
    expect(fitLaneGap(100, 5, margins, false)).toBe(28);
    expect(minStageHeight(5, margins, false)).toBe(44 + 5 * 28);
    expect(fitLaneGap(minStageHeight(5, margins, false), 5, margins, false)).toBe(28);
  });
});
