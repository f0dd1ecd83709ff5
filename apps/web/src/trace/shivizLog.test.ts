import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LabRun, runSteps } from "./labRun.testkit";
import { parseShivizLog, type ShivizEvent, shivizLog, shivizProblems } from "./shivizLog";

describe("shivizLog", () => {
  it("writes the default expressions, then a description and a host clock line per event", () => {
    const run = new LabRun(2);
    run.write(0, "x", "1");
    run.deliver(1);
    const lines = shivizLog(run.trace()).split("\n");
    expect(lines.slice(0, 2)).toEqual(["", ""]);
    expect(lines.slice(2, 6)).toEqual([
      "node1 wrote x=1 (its write #1)",
      'node1 {"node1":1}',
      "node1 sent x=1 to node2",
      'node1 {"node1":2}',
    ]);
    expect(lines).toContain('node2 {"node1":2, "node2":2}');
  });

  it("keeps every clock rule ShiViz checks, in both delivery modes", () => {
    for (const mode of ["causal", "naive"] as const) {
      fc.assert(
        fc.property(runSteps, (steps) => {
          const run = new LabRun(4, mode).run(steps);
          run.deliverAll();
          const events = parseShivizLog(shivizLog(run.trace()));
          const trace = run.trace();
          const total = trace.replicas.reduce((n, r) => n + (trace.journals[r]?.length ?? 0), 0);
          expect(events).toHaveLength(total);
          expect(shivizProblems(events)).toEqual([]);
        }),
      );
    }
  });

  it("keeps a value with a newline on one description line", () => {
    const run = new LabRun(2);
    run.write(0, "x", "two\nlines");
    expect(parseShivizLog(shivizLog(run.trace()))[0]?.description).toBe(
      "node1 wrote x=two lines (its write #1)",
    );
  });

  it("names each broken rule in a log that ShiViz would reject", () => {
    const skipped = [{ description: "a", host: "n1", clock: { n1: 2 } }];
    expect(shivizProblems(skipped)).toEqual([`n1's event "a" has counter 2, not 1`]);
    const dangling = [{ description: "a", host: "n1", clock: { n1: 1, n2: 4 } }];
    expect(shivizProblems(dangling)).toContain("n1's clock names n2:4, which is not logged");
    const notJoin: ShivizEvent[] = [
      { description: "s", host: "n2", clock: { n2: 1 } },
      { description: "t", host: "n2", clock: { n2: 2 } },
      { description: "r", host: "n1", clock: { n1: 1, n2: 1 } },
      { description: "r2", host: "n1", clock: { n1: 2, n2: 2, n3: 0 } },
    ];
    expect(shivizProblems(notJoin)).toEqual([]);
    const inflated: ShivizEvent[] = [
      { description: "s", host: "n2", clock: { n2: 1 } },
      { description: "u", host: "n3", clock: { n3: 1 } },
      { description: "r", host: "n1", clock: { n1: 1, n2: 1, n3: 1 } },
    ];
    expect(shivizProblems(inflated)).toEqual([
      `n1's event "r" is not the join of its predecessors`,
    ]);
  });
});
