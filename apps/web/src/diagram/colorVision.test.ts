import { describe, expect, it } from "vitest";
import { type Deficiency, perceivedDistance } from "./colorVision";
import { coneColors, eventStyles, heldColor, violationColor } from "./eventStyle";

const deficiencies: readonly (Deficiency | undefined)[] = [
  undefined,
  "protanopia",
  "deuteranopia",
  "tritanopia",
];
/** Clearly different at a glance (ΔE*ab; 2.3 is just noticeable). */
const distinct = 20;

describe("colour-vision simulation", () => {
  it("keeps black, white and grey where they are and tells red from green normally", () => {
    expect(perceivedDistance("#ffffff", "#ffffff", "deuteranopia")).toBeCloseTo(0, 5);
    expect(perceivedDistance("#000000", "#ffffff", "protanopia")).toBeGreaterThan(99);
    expect(perceivedDistance("#d55e00", "#009e73")).toBeGreaterThan(distinct);
  });

  it("confuses pure red and green as a deuteranope does", () => {
    expect(perceivedDistance("#ff0000", "#00ff00")).toBeGreaterThan(100);
    expect(perceivedDistance("#cc3333", "#778800", "deuteranopia")).toBeLessThan(distinct);
  });
});

describe("the lab's palette under colour-vision deficiencies", () => {
  const styles = Object.values(eventStyles).filter(
    (s, i, all) => all.findIndex((o) => o.label === s.label) === i,
  );

  it("tells apart every two kinds of mark that share a shape, by colour alone", () => {
    for (const deficiency of deficiencies)
      for (const a of styles)
        for (const b of styles) {
          if (a === b || a.shape !== b.shape || a.color === b.color) continue;
          const distance = perceivedDistance(a.color, b.color, deficiency);
          expect(distance, `${a.label} vs ${b.label}, ${deficiency ?? "normal"}`).toBeGreaterThan(
            distinct,
          );
        }
  });

  it("tells the causal past from the causal future, and both from white", () => {
    for (const deficiency of deficiencies) {
      const name = deficiency ?? "normal";
      expect(
        perceivedDistance(coneColors.past, coneColors.future, deficiency),
        name,
      ).toBeGreaterThan(distinct);
      expect(perceivedDistance(coneColors.past, "#ffffff", deficiency), name).toBeGreaterThan(
        distinct,
      );
      expect(perceivedDistance(coneColors.future, "#ffffff", deficiency), name).toBeGreaterThan(
        distinct,
      );
    }
  });

  it("keeps the violation mark and the held mark apart from each other and from white", () => {
    for (const deficiency of deficiencies) {
      const name = deficiency ?? "normal";
      expect(perceivedDistance(violationColor, heldColor, deficiency), name).toBeGreaterThan(
        distinct,
      );
      expect(perceivedDistance(violationColor, "#ffffff", deficiency), name).toBeGreaterThan(
        distinct,
      );
    }
  });

  it("keeps every mark colour visible on the white page", () => {
    for (const deficiency of deficiencies)
      for (const style of styles)
        expect(perceivedDistance(style.color, "#ffffff", deficiency), style.label).toBeGreaterThan(
          distinct,
        );
  });
});
