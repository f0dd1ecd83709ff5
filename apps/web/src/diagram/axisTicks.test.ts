import { describe, expect, it } from "vitest";
import { realTimeTicks, tickCount } from "./axisTicks";

describe("realTimeTicks", () => {
  it("puts round ticks exactly at their value, counted from the first event", () => {
    const start = 1_700_000_000_153;
    const ticks = realTimeTicks(start, start + 1500, start, 6);
    expect(ticks.map((t) => t.label)).toEqual([
      "0.0 s",
      "0.2 s",
      "0.4 s",
      "0.6 s",
      "0.8 s",
      "1.0 s",
      "1.2 s",
      "1.4 s",
    ]);
    for (const tick of ticks)
      expect(tick.at - start).toBeCloseTo(Number.parseFloat(tick.label) * 1000, 6);
  });

  it("steps evenly, never repeats a label and never says -0 when zoomed in", () => {
    const start = 5000;
    for (const [from, to] of [
      [start - 3, start + 9],
      [start + 150, start + 151],
      [start - 400, start + 300],
    ] as const) {
      const ticks = realTimeTicks(from, to, start, 5);
      const labels = ticks.map((t) => t.label);
      expect(new Set(labels).size).toBe(labels.length);
      expect(labels.some((l) => l.startsWith("-0") || l.startsWith("−0 ") || l === "−0 s")).toBe(
        false,
      );
      const steps = ticks.slice(1).map((t, i) => t.at - (ticks[i]?.at ?? 0));
      for (const step of steps) expect(step).toBeCloseTo(steps[0] ?? 0, 6);
      for (const tick of ticks) {
        expect(tick.at).toBeGreaterThanOrEqual(from);
        expect(tick.at).toBeLessThanOrEqual(to);
      }
    }
  });

  it("fits one tick per ~110 px, at least two", () => {
    expect(tickCount(100)).toBe(2);
    expect(tickCount(1100)).toBe(10);
  });
});
