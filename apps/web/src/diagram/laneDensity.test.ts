import { describe, expect, it } from "vitest";
import { LabRun } from "../trace/labRun.testkit";
import { laneDensity, outsideDensity } from "./laneDensity";
import { layoutTrace } from "./layoutTrace";
import { screenGeometry } from "./screenGeometry";

/** node1 writes `burst` times to itself only (a one-replica lane of events), node2 once. */
function burstLayout(burst: number) {
  const run = new LabRun(2);
  for (let i = 0; i < burst; i++) run.write(0, "x");
  run.write(1, "y");
  const trace = run.trace();
  return layoutTrace(
    trace.replicas,
    trace.replicas.flatMap((r) => trace.journals[r] ?? []),
  );
}

describe("laneDensity", () => {
  const sum = (values: ArrayLike<number>) => Array.from(values).reduce((a, b) => a + b, 0);

  it("counts every event in view once, in its lane's columns", () => {
    const layout = burstLayout(300);
    const view = { from: layout.first, to: layout.last + 1, width: 400, laneGap: 60 };
    const density = laneDensity(layout, view);
    expect(density.counts.map(sum)).toEqual(
      layout.lanes.map((_, lane) => layout.marks.filter((m) => m.lane === lane).length),
    );
  });

  it("marks a crowded stretch dense and leaves a lone event as a mark", () => {
    const layout = burstLayout(300);
    const view = { from: layout.first, to: layout.last + 1, width: 400, laneGap: 60 };
    const density = laneDensity(layout, view);
    expect(sum(density.dense[0] ?? [])).toBeGreaterThan(0);
    expect(sum(density.dense[1] ?? [])).toBe(0);
    expect(density.peak).toBeGreaterThan(3);
    const geometry = outsideDensity(screenGeometry(layout, view), density, view.laneGap);
    // The burst is drawn as density; node2's write and send stay marks.
    expect(geometry.marks.every((mark) => mark.y > view.laneGap)).toBe(true);
    expect(geometry.marks.length).toBeGreaterThan(0);
  });

  it("finds nothing dense when zoomed in far enough to tell every event apart", () => {
    const layout = burstLayout(300);
    const near = layout.marks[10]?.x ?? 0;
    const view = { from: near, to: near + 3, width: 800, laneGap: 60 };
    const density = laneDensity(layout, view);
    expect(density.peak).toBe(0);
    const geometry = screenGeometry(layout, view);
    expect(outsideDensity(geometry, density, view.laneGap)).toBe(geometry);
  });
});
