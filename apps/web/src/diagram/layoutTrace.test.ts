import { CausalReplica, type JournalEvent } from "@causal-kv/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventClocks } from "../trace/eventClocks";
import { LabRun, runSteps } from "../trace/labRun.testkit";
import { layoutTrace } from "./layoutTrace";
import { marksBetween } from "./markRange";

const members = ["node1", "node2", "node3"];

/** node1 writes x; node2 gets it at 10 ms; node3 gets y (from node2) at 20 ms, buffers it, gets x at 50 ms. */
function chain(): JournalEvent[] {
  const [n1, n2, n3] = members.map((id) => new CausalReplica({ id, members }));
  if (!n1 || !n2 || !n3) throw new Error("setup");
  const x = n1.write("x", "1", 0);
  const events = [...x.events, ...n2.receive(x.message, 10)];
  const y = n2.write("y", "2", 12);
  events.push(
    ...y.events,
    ...n3.receive(y.message, 20),
    ...n3.receive(x.message, 50),
    ...n1.receive(y.message, 30),
  );
  return events;
}

describe("layoutTrace", () => {
  it("puts each replica on its own lane, in id order, and sorts marks by time", () => {
    const layout = layoutTrace(["node3", "node1", "node2"], chain());
    expect(layout.lanes).toEqual(["node1", "node2", "node3"]);
    expect(layout.marks.map((m) => m.time)).toEqual(
      [...layout.marks.map((m) => m.time)].sort((a, b) => a - b),
    );
    expect(layout.start).toBe(0);
    expect(layout.end).toBe(50);
    expect(layout.marks.find((m) => m.type === "buffer")?.lane).toBe(2);
  });

  it("draws an arrow from each send to its arrival, labelled, and one in flight while it travels", () => {
    const layout = layoutTrace(members, chain());
    const arrows = layout.arrows.map(
      (a) =>
        `${a.label} ${a.from.lane}->${a.toLane} ${a.to ? `${a.to.type} ${a.to.time}` : "in flight"}`,
    );
    expect(arrows.sort()).toEqual([
      "x=1 0->1 receive 10",
      "x=1 0->2 receive 50",
      "y=2 1->0 receive 30",
      "y=2 1->2 receive 20",
    ]);
    const partial = layoutTrace(
      members,
      chain().filter((e) => !(e.replica === "node1" && e.time === 30)),
    );
    expect(partial.arrows.find((a) => a.write === "node2:1" && a.toLane === 0)?.to).toBeUndefined();
  });

  it("shows a write's wait in the buffer from its arrival to its delivery, open while it waits", () => {
    const layout = layoutTrace(members, chain());
    expect(layout.bars).toEqual([{ write: "node2:1", lane: 2, start: 20, end: 50 }]);
    const waiting = layoutTrace(
      members,
      chain().filter((e) => e.time !== 50),
    );
    expect(waiting.bars).toEqual([{ write: "node2:1", lane: 2, start: 20 }]);
  });

  it("lays out logical time: the chain's events in happens-before order, one column each per lane", () => {
    const layout = layoutTrace(members, chain(), "logical");
    const column = (replica: string, type: string, key: string) =>
      layout.marks.find(
        (m) =>
          m.event.replica === replica &&
          m.type === type &&
          "message" in m.event &&
          m.event.message.key === key,
      )?.x;
    // node3: y arrives (col 6) and waits; x arrives after its send, then both are delivered.
    expect(column("node1", "write", "x")).toBe(0);
    expect(column("node1", "send", "x")).toBe(1);
    expect(column("node2", "receive", "x")).toBe(2);
    expect(column("node2", "send", "y")).toBe(5);
    expect(column("node3", "receive", "y")).toBe(6);
    expect(column("node3", "buffer", "y")).toBe(7);
    expect(column("node3", "receive", "x")).toBe(8);
    expect(layout.bars).toEqual([{ write: "node2:1", lane: 2, start: 6, end: 10 }]);
    expect(layout.first).toBe(0);
    expect(layout.now).toBe(layout.last + 1);
    // A moment lands just after everything that had happened by then.
    expect(layout.positionAt(-1)).toBe(-0.5);
    expect(layout.positionAt(12)).toBe(5.5);
  });

  it("on the logical axis, keeps happens-before, never stacks two events of a lane, and lets concurrent events share a column", () => {
    fc.assert(
      fc.property(runSteps, (steps) => {
        const trace = new LabRun(3).run(steps).trace();
        const events = trace.replicas.flatMap((r) => trace.journals[r] ?? []);
        const layout = layoutTrace(trace.replicas, events, "logical");
        const column = new Map(layout.marks.map((m) => [m.id, m.x]));
        const clocks = eventClocks(trace, "arrival");
        for (const event of clocks) {
          if (event.from !== undefined)
            expect(column.get(event.id) ?? 0).toBeGreaterThan(column.get(event.from) ?? 0);
        }
        for (const replica of trace.replicas) {
          const lane = (trace.journals[replica] ?? []).map(
            (e) => column.get(`${replica}#${e.seq}`) ?? 0,
          );
          for (let i = 1; i < lane.length; i++)
            expect(lane[i] ?? 0).toBeGreaterThan(lane[i - 1] ?? 0);
        }
        expect(layout.marks.map((m) => m.x)).toEqual(
          [...layout.marks.map((m) => m.x)].sort((a, b) => a - b),
        );
        // Within a column, by time, then lane, then journal order; each mark knows its place.
        layout.marks.forEach((mark, i) => {
          expect(mark.index).toBe(i);
          const before = layout.marks[i - 1];
          if (before && before.x === mark.x)
            expect(
              before.time - mark.time ||
                before.lane - mark.lane ||
                before.event.seq - mark.event.seq,
            ).toBeLessThan(0);
        });
      }),
    );
    const run = new LabRun(3);
    run.write(0, "a");
    run.write(1, "b");
    const layout = layoutTrace(
      run.trace().replicas,
      run.trace().replicas.flatMap((r) => run.trace().journals[r] ?? []),
      "logical",
    );
    const writes = layout.marks.filter((m) => m.type === "write");
    expect(writes.map((m) => m.x)).toEqual([0, 0]);
    expect(new Set(writes.map((m) => m.lane)).size).toBe(2);
  });

  it("laid out from the last layout's columns as the journals grow, equals a layout from scratch", () => {
    fc.assert(
      fc.property(runSteps, fc.array(fc.nat(2), { maxLength: 40 }), (steps, lanes) => {
        const trace = new LabRun(3).run(steps).trace();
        const full = trace.replicas.map((id) => trace.journals[id] ?? []);
        const shown = full.map(() => 0);
        let last: ReturnType<typeof layoutTrace> | undefined;
        for (const lane of [...lanes, 0, 1, 2]) {
          shown[lane] = lanes.length === 0 ? Infinity : (shown[lane] ?? 0) + 3;
          const events = full.flatMap((journal, l) => journal.slice(0, shown[l]));
          const grown = layoutTrace(trace.replicas, events, "logical", last?.columns);
          const fresh = layoutTrace(trace.replicas, events, "logical");
          // Where it had to start over, the same layout, moved to stay under the view.
          const drawn = (layout: typeof fresh) => ({
            marks: layout.marks.map((m) => `${m.id}@${m.x - layout.first}`),
            arrows: layout.arrows.map((a) => `${a.from.id}->${a.to?.id ?? a.toLane}`),
            bars: layout.bars.map((b) => [
              b.lane,
              b.start - layout.first,
              b.end === undefined ? null : b.end - layout.first,
            ]),
          });
          expect(drawn(grown)).toEqual(drawn(fresh));
          for (const mark of fresh.marks) expect(fresh.indexOf(mark.id)).toBe(mark.index);
          last = grown;
        }
      }),
    );
  });

  it("ignores events of replicas it has no lane for", () => {
    expect(layoutTrace(["node1"], chain()).marks.every((m) => m.event.replica === "node1")).toBe(
      true,
    );
  });

  it("finds the marks in a time window by binary search, ends included", () => {
    const layout = layoutTrace(members, chain());
    expect(marksBetween(layout, 10, 20).map((m) => m.time)).toEqual(
      layout.marks.filter((m) => m.time >= 10 && m.time <= 20).map((m) => m.time),
    );
    expect(marksBetween(layout, 51, 99)).toEqual([]);
  });
});
