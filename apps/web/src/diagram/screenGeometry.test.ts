import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LabRun, runSteps } from "../trace/labRun.testkit";
import { layoutTrace } from "./layoutTrace";
import { screenGeometry } from "./screenGeometry";

function layoutOf(run: LabRun, axis?: "logical" | "real") {
  const trace = run.trace();
  return layoutTrace(
    trace.replicas,
    trace.replicas.flatMap((r) => trace.journals[r] ?? []),
    axis,
  );
}

function longRun(writes: number): LabRun {
  const run = new LabRun(3);
  for (let i = 0; i < writes; i++) {
    run.write(i % 3, `k${i % 7}`);
    if (i % 3 === 2) run.deliverAll();
  }
  run.deliverAll();
  return run;
}

describe("screenGeometry", () => {
  it("draws every mark and arrow of a short run at its own place", () => {
    const run = new LabRun(3);
    run.write(0, "x");
    run.deliverAll();
    const layout = layoutOf(run);
    // 1 px per ms: every event (7 ms apart) gets its own pixel.
    const geometry = screenGeometry(layout, {
      from: layout.start,
      to: layout.end,
      width: layout.end - layout.start,
      laneGap: 60,
    });
    expect(geometry.marks).toHaveLength(layout.marks.length);
    expect(geometry.arrows).toHaveLength(2);
    expect(geometry.marks.map((m) => m.x)).toEqual(layout.marks.map((m) => m.time - layout.start));
    expect(geometry.marks.every((m) => m.role === 4)).toBe(true);
  });

  it("bounds a 20,000-event run by pixels, not events, and culls what is out of view", () => {
    const layout = layoutOf(longRun(3400));
    expect(layout.marks.length).toBeGreaterThanOrEqual(20_000);
    const whole = screenGeometry(layout, {
      from: layout.start,
      to: layout.end,
      width: 1000,
      laneGap: 60,
    });
    expect(whole.marks.length).toBeLessThanOrEqual(1001 * 3 * 5);
    const span = layout.end - layout.start;
    const slice = screenGeometry(layout, {
      from: layout.start + span / 2,
      to: layout.start + span / 2 + span / 100,
      width: 1000,
      laneGap: 60,
    });
    expect(slice.marks.length).toBeGreaterThan(0);
    expect(slice.marks.length).toBeLessThan(layout.marks.length / 50);
    expect(slice.marks.every((m) => m.x >= 0 && m.x <= 1000)).toBe(true);
  });

  it("keeps at least one mark of each kind on each lane and pixel it covers", () => {
    fc.assert(
      fc.property(runSteps, fc.integer({ min: 20, max: 400 }), (steps, width) => {
        const layout = layoutOf(new LabRun(3).run(steps));
        if (layout.marks.length === 0) return;
        const view = { from: layout.start, to: layout.end + 1, width, laneGap: 60 };
        const drawn = new Set(
          screenGeometry(layout, view).marks.map((m) => `${Math.round(m.x)}:${m.y}:${m.type}`),
        );
        const span = view.to - view.from;
        for (const mark of layout.marks) {
          const x = Math.round(((mark.time - view.from) / span) * width);
          expect(drawn.has(`${x}:${mark.lane * 60 + 30}:${mark.type}`)).toBe(true);
        }
      }),
    );
  });

  it("lights an arrow only when both its ends are in the focused event's cone", () => {
    const run = new LabRun(2);
    run.write(0, "x");
    run.deliverAll();
    const layout = layoutOf(run);
    const view = { from: layout.start, to: layout.end, width: 100, laneGap: 60 };
    const none = new Uint8Array(layout.marks.length);
    expect(screenGeometry(layout, view, none).arrows.map((a) => a.lit)).toEqual([false]);
    const all = new Uint8Array(layout.marks.length).fill(1);
    expect(screenGeometry(layout, view, all).arrows.map((a) => a.lit)).toEqual([true]);
  });

  it("ends an arrow at the edge of the arrival it reaches, labelled off the lanes in between", () => {
    const run = new LabRun(3);
    run.write(0, "x", "1");
    run.deliverAll();
    const layout = layoutOf(run, "logical");
    const view = { from: -1, to: layout.last + 1, width: 600, laneGap: 60 };
    const geometry = screenGeometry(layout, view);
    const x = (p: number) => ((p - view.from) / (view.to - view.from)) * view.width;
    for (const arrow of layout.arrows) {
      const to = arrow.to;
      if (!to) throw new Error("delivered");
      const drawn = geometry.arrows.find(
        (a) =>
          Math.abs(a.x1 - x(arrow.from.x)) < 0.01 &&
          a.y2 > a.y1 &&
          Math.abs(Math.hypot(a.x2 - x(to.x), a.y2 - (to.lane * 60 + 30)) - 9) < 0.01,
      );
      expect(drawn, `arrow to lane ${to.lane}`).toBeDefined();
      // One label per send and direction, on the nearest lane's arrow, halfway to that lane.
      if (to.lane === 1) {
        expect(drawn?.label?.text).toBe("x=1");
        expect(drawn?.label?.y).toBeCloseTo(60, 6);
      } else expect(drawn?.label).toBeUndefined();
    }
  });

  it("draws a message still on its way on its own link, short of its receiver's lane", () => {
    const run = new LabRun(3);
    run.write(0, "x", "1");
    for (const axis of ["logical", "real"] as const) {
      const layout = layoutOf(run, axis);
      const view = { from: layout.first - 1, to: layout.now + 1, width: 400, laneGap: 60 };
      const inFlight = screenGeometry(layout, view).arrows.filter((a) => a.inFlight);
      expect(inFlight.map((a) => a.y2).sort((a, b) => a - b)).toEqual([90 - 14, 150 - 14]);
      for (const a of inFlight) expect(a.x2).toBeGreaterThan(a.x1);
      expect(inFlight.filter((a) => a.label?.text === "x=1")).toHaveLength(1);
    }
  });

  it("cuts arrows from far out of view to the view's edges, dashes in place, one per line", () => {
    // node1's first five writes stay on their way to node3 while 300 more reach every replica.
    const run = new LabRun(3);
    for (let i = 0; i < 5; i++) {
      run.write(0, "x", String(i));
      run.deliver(1);
    }
    for (let i = 0; i < 300; i++) {
      run.write(i % 2, `k${i}`);
      run.deliver((i + 1) % 2);
      run.deliver(2, 5);
    }
    for (const axis of ["logical", "real"] as const) {
      const layout = layoutOf(run, axis);
      const span = (layout.now - layout.first) / 5;
      const view = { from: layout.now - span, to: layout.now + 1, width: 400, laneGap: 60 };
      const geometry = screenGeometry(layout, view);
      // Cut, the five lie on one line into node3's lane: drawn once.
      const far = geometry.arrows.filter((a) => a.inFlight && a.y2 > 120);
      expect(far, axis).toHaveLength(1);
      for (const a of geometry.arrows) {
        expect(a.x1).toBeGreaterThan(-32 - 9);
        expect(a.x2).toBeLessThan(400 + 32 + 1);
      }
      // Its dashes start where they would from its send: it moved in by whole dash periods.
      const sent = layout.arrows.find((a) => !a.to && a.toLane === 2)?.from.x ?? 0;
      const from = ((sent - view.from) / (view.to - view.from)) * 400;
      expect(from).toBeLessThan(-1000);
      const [cut] = far;
      const moved = Math.hypot((cut?.x1 ?? 0) - from, (cut?.y1 ?? 0) - 30);
      expect(moved / 9 - Math.round(moved / 9)).toBeCloseTo(0, 4);
    }
  });
});
