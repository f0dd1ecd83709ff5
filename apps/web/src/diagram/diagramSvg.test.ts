import { describe, expect, it } from "vitest";
import { LabRun } from "../trace/labRun.testkit";
import { judgeLab } from "../trace/labVerdict";
import { diagramSvg } from "./diagramSvg";
import { layoutTrace } from "./layoutTrace";

function layoutOf(run: LabRun) {
  const trace = run.trace();
  return {
    trace,
    layout: layoutTrace(
      trace.replicas,
      trace.replicas.flatMap((r) => trace.journals[r] ?? []),
    ),
  };
}

describe("diagramSvg", () => {
  it("draws a labelled lane per replica, a mark per event and an arrow per delivery", () => {
    const run = new LabRun(3);
    run.write(0, "x");
    run.deliverAll();
    const { layout } = layoutOf(run);
    const svg = diagramSvg(layout, { width: 1200, laneGap: 60 });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith("</svg>")).toBe(true);
    for (const id of ["node1", "node2", "node3"]) expect(svg).toContain(`>${id}</text>`);
    expect(svg.match(/class="mark"/g)).toHaveLength(layout.marks.length);
    expect(svg.match(/marker-end/g)).toHaveLength(2);
  });

  it("rings every causality violation, with its sentence as a title", () => {
    const run = new LabRun(3, "naive");
    run.write(0, "x", "1");
    run.deliver(1);
    run.write(1, "y", "2");
    run.deliver(2, 1);
    const { trace, layout } = layoutOf(run);
    const svg = diagramSvg(layout, {
      width: 800,
      laneGap: 60,
      violations: judgeLab(trace).causalityViolations,
    });
    expect(svg.match(/class="violation"/g)).toHaveLength(1);
    expect(svg).toContain("<title>node3 applied y=2 (node2:1) before x=1 (node1:1)");
  });

  it("merges marks that fall on one pixel, so a long run stays a bounded document", () => {
    const run = new LabRun(3);
    for (let i = 0; i < 2000; i++) {
      run.write(i % 3, "k");
      run.deliverAll();
    }
    const { layout } = layoutOf(run);
    const svg = diagramSvg(layout, { width: 600, laneGap: 60 });
    const marks = svg.match(/class="mark"/g)?.length ?? 0;
    expect(layout.marks.length).toBe(2000 * 6);
    expect(marks).toBeLessThan(600 * 3 * 5);
    expect(marks).toBeGreaterThan(0);
  });
});
