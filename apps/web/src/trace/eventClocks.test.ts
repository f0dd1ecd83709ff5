import { writeId } from "@causal-kv/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventClocks } from "./eventClocks";
import { causalCone, causalRelation, clockedOf } from "./happensBefore";
import { LabRun, runSteps } from "./labRun.testkit";

describe("eventClocks", () => {
  it("ticks the own entry on every event and joins the send where a message lands", () => {
    const run = new LabRun(2);
    run.write(0, "x");
    run.deliver(1);
    const clocks = eventClocks(run.trace(), "arrival");
    expect(clocks.map((c) => [c.id, c.clock])).toEqual([
      ["node1#1", { node1: 1 }],
      ["node1#2", { node1: 2 }],
      ["node2#1", { node1: 2, node2: 1 }],
      ["node2#2", { node1: 2, node2: 2 }],
    ]);
    expect(clocks[2]?.from).toBe("node1#2");
  });

  it("joins only at the deliver event when asked to, so a buffered wait stays local", () => {
    const run = new LabRun(3);
    run.write(0, "x");
    run.deliver(1);
    run.write(1, "y");
    run.deliver(2, 1); // y reaches node3 before x: receive, buffer
    const clocks = eventClocks(run.trace(), "deliver");
    const node3 = clocks.filter((c) => c.event.replica === "node3");
    expect(node3.map((c) => c.event.type)).toEqual(["receive", "buffer"]);
    expect(node3.map((c) => c.clock)).toEqual([{ node3: 1 }, { node3: 2 }]);
  });

  it("agrees with the writes' own clocks on which write happened before which", () => {
    for (const mode of ["causal", "naive"] as const) {
      fc.assert(
        fc.property(runSteps, (steps) => {
          const clocked = eventClocks(new LabRun(4, mode).run(steps).trace(), "deliver");
          const writes = clocked.filter((c) => c.event.type === "write");
          for (const a of writes)
            for (const b of writes) {
              if (a === b || !("message" in a.event) || !("message" in b.event)) continue;
              const m = a.event.message;
              const n = b.event.message;
              const byWriteClock = (n.clock[m.origin] ?? 0) >= (m.clock[m.origin] ?? 0);
              expect(causalRelation(clockedOf(a), clockedOf(b)) === "before").toBe(byWriteClock);
            }
        }),
      );
    }
  });

  it("gives every event of a trace exactly one clock", () => {
    fc.assert(
      fc.property(runSteps, (steps) => {
        const trace = new LabRun(3).run(steps).trace();
        const total = trace.replicas.reduce((n, r) => n + (trace.journals[r]?.length ?? 0), 0);
        const ids = eventClocks(trace, "arrival").map((c) => c.id);
        expect(new Set(ids).size).toBe(total);
      }),
    );
  });
});

describe("happens-before", () => {
  it("orders a chain and calls independent writes concurrent", () => {
    const run = new LabRun(3);
    const x = run.write(0, "x");
    run.deliver(1);
    const y = run.write(1, "y");
    const z = run.write(2, "z");
    const clocked = eventClocks(run.trace(), "arrival");
    const writeOf = (id: string) => {
      const found = clocked.find(
        (c) => c.event.type === "write" && writeId(c.event.message) === id,
      );
      if (!found) throw new Error(`no write ${id}`);
      return clockedOf(found);
    };
    expect(causalRelation(writeOf(writeId(x)), writeOf(writeId(y)))).toBe("before");
    expect(causalRelation(writeOf(writeId(y)), writeOf(writeId(x)))).toBe("after");
    expect(causalRelation(writeOf(writeId(y)), writeOf(writeId(z)))).toBe("concurrent");
    expect(causalRelation(writeOf(writeId(z)), writeOf(writeId(z)))).toBe("same");
  });

  it("puts every event in the focus's past, its future, or neither, consistently with the relation", () => {
    fc.assert(
      fc.property(runSteps, fc.nat(), (steps, pick) => {
        const clocked = eventClocks(new LabRun(3).run(steps).trace(), "arrival");
        const focus = clocked[pick % Math.max(clocked.length, 1)];
        if (!focus) return;
        const events = clocked.map(clockedOf);
        const roles = causalCone(events, clockedOf(focus));
        events.forEach((event, i) => {
          const relation = causalRelation(event, clockedOf(focus));
          const expected = { same: 3, before: 1, after: 2, concurrent: 0 }[relation];
          expect(roles[i]).toBe(expected);
        });
      }),
    );
  });
});
