import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paintDiagram } from "./paintDiagram";
import type { ScreenArrow, ScreenGeometry } from "./screenGeometry";

/** A canvas cannot run under Node: a context that records the strokes and the dash they had. */
class RecordedPath {
  segments = 0;
  moveTo() {
    this.segments++;
  }
  lineTo() {}
  arc() {}
  rect() {}
}

function recordingContext() {
  const strokes: { dash: readonly number[]; segments: number }[] = [];
  let dash: readonly number[] = [];
  const ignore = () => {};
  const ctx = {
    setLineDash: (next: number[]) => {
      dash = [...next];
    },
    stroke: (path?: RecordedPath) => {
      strokes.push({ dash, segments: path?.segments ?? 0 });
    },
    beginPath: ignore,
    moveTo: ignore,
    lineTo: ignore,
    fill: ignore,
    fillRect: ignore,
    fillText: ignore,
    measureText: () => ({ width: 10 }),
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, strokes };
}

function inFlight(count: number): ScreenGeometry {
  const arrows: ScreenArrow[] = Array.from({ length: count }, (_, i) => ({
    x1: i,
    y1: 30,
    x2: 700,
    y2: 76,
    inFlight: true,
    lit: true,
  }));
  return { marks: [], arrows, bars: [] };
}

const original = globalThis.Path2D;
beforeAll(() => {
  globalThis.Path2D = RecordedPath as unknown as typeof Path2D;
});
afterAll(() => {
  globalThis.Path2D = original;
});

describe("paintDiagram", () => {
  const options = { width: 712, lanes: 3, laneGap: 60, focused: false };

  it("dashes each of a few messages on their way", () => {
    const { ctx, strokes } = recordingContext();
    paintDiagram(ctx, inFlight(3), options);
    const dashed = strokes.filter((s) => s.dash.length > 0);
    expect(dashed).toHaveLength(3);
    expect(dashed.every((s) => s.segments === 1)).toBe(true);
  });

  it("draws a busy run's hundreds of messages on their way solid, in one stroke", () => {
    const { ctx, strokes } = recordingContext();
    paintDiagram(ctx, inFlight(200), options);
    expect(strokes.filter((s) => s.dash.length > 0)).toHaveLength(0);
    expect(strokes.some((s) => s.segments === 200)).toBe(true);
  });
});
