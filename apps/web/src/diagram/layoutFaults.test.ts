import { healthyLink } from "@causal-kv/protocol";
import { describe, expect, it } from "vitest";
import { LabRun } from "../trace/labRun.testkit";
import { layoutFaults } from "./layoutFaults";
import { layoutTrace } from "./layoutTrace";

function layoutOf(run: LabRun, axis: "logical" | "real" = "real") {
  const trace = run.trace();
  return layoutTrace(
    trace.replicas,
    trace.replicas.flatMap((r) => trace.journals[r] ?? []),
    axis,
  );
}

describe("layoutFaults", () => {
  it("names each faulty link in a word and leaves healthy ones out", () => {
    const run = new LabRun(3);
    run.write(0, "x");
    const layout = layoutOf(run);
    const faults = layoutFaults(layout, [
      {
        id: "node1",
        links: {
          node2: { ...healthyLink, partitioned: true },
          node3: { ...healthyLink, delayMs: 1500 },
        },
        outages: [],
      },
      {
        id: "node2",
        links: { node1: { ...healthyLink, hold: true }, node3: healthyLink },
        outages: [],
      },
      { id: "node3", links: { node1: { ...healthyLink, dropRate: 0.2 } }, outages: [] },
    ]);
    expect(faults.links.map((l) => `${l.fromLane}->${l.toLane} ${l.kind} ${l.text}`)).toEqual([
      "0->1 cut cut",
      "0->2 slow +1.5 s",
      "1->0 held held",
      "2->0 lossy drops 20 %",
    ]);
    expect(faults.links[1]?.description).toBe(
      "node1 → node3: slowed: each message takes +1.5 s more",
    );
  });

  it("greys a lane while it is down, still open while it is, and marks its restart", () => {
    const run = new LabRun(2);
    run.write(0, "x");
    run.deliverAll();
    const layout = layoutOf(run);
    const faults = layoutFaults(layout, [
      { id: "node1", links: {}, outages: [{ from: layout.start + 1, to: layout.end }] },
      { id: "node2", links: {}, downSince: layout.end, outages: [] },
    ]);
    expect(faults.down).toEqual([
      { lane: 0, start: layout.start + 1, end: layout.end },
      { lane: 1, start: layout.end },
    ]);
    expect(faults.restarts).toEqual([]);
  });

  it("greys a lane from its last event before a restart the lab did not see go down", () => {
    const run = new LabRun(2);
    run.write(0, "x");
    run.restart(0);
    const layout = layoutOf(run, "logical");
    const faults = layoutFaults(layout, [{ id: "node1", links: {}, outages: [] }]);
    const restart = layout.marks.find((m) => m.type === "restart");
    expect(faults.restarts).toEqual([{ lane: 0, x: restart?.x }]);
    expect(faults.down).toEqual([{ lane: 0, start: (restart?.x ?? 0) - 1, end: restart?.x }]);
  });

  it("ends a stretch the lab saw at the restart that ended it", () => {
    const run = new LabRun(2);
    run.write(0, "x");
    run.restart(0);
    const layout = layoutOf(run);
    const restart = layout.marks.find((m) => m.type === "restart");
    const at = restart?.time ?? 0;
    const faults = layoutFaults(layout, [
      { id: "node1", links: {}, outages: [{ from: at - 3, to: at + 40 }] },
    ]);
    expect(faults.down).toEqual([{ lane: 0, start: at - 3, end: at }]);
  });

  it("keeps a stretch visible on the logical axis when other lanes reach past its restart", () => {
    const run = new LabRun(3);
    run.write(0, "x");
    run.write(1, "y");
    run.write(1, "z");
    run.restart(0);
    const layout = layoutOf(run, "logical");
    const restart = layout.marks.find((m) => m.type === "restart");
    const faults = layoutFaults(layout, [
      { id: "node1", links: {}, outages: [{ from: layout.end - 1, to: layout.end + 5 }] },
    ]);
    expect(faults.down).toEqual([{ lane: 0, start: (restart?.x ?? 0) - 0.5, end: restart?.x }]);
  });

  it("names a catch-up on its lane with the peer it came from, apart from restarts", () => {
    const run = new LabRun(2);
    run.write(0, "x");
    run.catchUp(1, 0);
    const layout = layoutOf(run, "logical");
    const faults = layoutFaults(layout, [{ id: "node2", links: {}, outages: [] }]);
    const catchUp = layout.marks.find((m) => m.type === "catch-up");
    expect(catchUp).toBeDefined();
    expect(faults.catchUps).toEqual([{ lane: 1, x: catchUp?.x, from: "node1" }]);
    expect(faults.restarts).toEqual([]);
    expect(faults.down).toEqual([]);
  });
});
