import { describe, expect, it } from "vitest";
import { LabRun } from "./labRun.testkit";
import { parseTraceFile, traceToJson } from "./traceFile";

describe("trace files", () => {
  const run = new LabRun(3);
  run.write(0, "x");
  run.deliverAll();
  const trace = run.trace();

  it("reads back exactly what it wrote", () => {
    const read = parseTraceFile(traceToJson(trace));
    expect(read).toEqual({ ok: true, trace, events: 6 });
  });

  it("says the file is not JSON", () => {
    const read = parseTraceFile("{ nope");
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problems[0]).toMatch(/^the file is not JSON/);
  });

  it("names the path of every field the schema rejects", () => {
    const bad = JSON.parse(traceToJson(trace));
    bad.journals.node2[1].clock = "soon";
    delete bad.journals.node1[0].seq;
    const read = parseTraceFile(JSON.stringify(bad));
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.problems.some((p) => p.startsWith("journals.node2[1]"))).toBe(true);
      expect(read.problems.some((p) => p.startsWith("journals.node1[0]"))).toBe(true);
    }
  });

  it("rejects events filed under the wrong replica, seqs out of order and unknown journals", () => {
    const bad = JSON.parse(traceToJson(trace));
    bad.journals.node2[0].replica = "node3";
    bad.journals.node1[1].seq = 1;
    bad.journals.node9 = [];
    const read = parseTraceFile(JSON.stringify(bad));
    expect(read).toEqual({
      ok: false,
      problems: [
        "journals.node9: node9 is not in the replicas list",
        "journals.node1[1]: seq 1 does not follow 1",
        "journals.node2[0]: the event is node3's, in node2's journal",
      ],
    });
  });

  it("shows the first problems and counts the rest", () => {
    const bad = JSON.parse(traceToJson(trace));
    bad.journals.node2 = Array.from({ length: 10 }, () => ({ type: "teleport" }));
    const read = parseTraceFile(JSON.stringify(bad));
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.problems).toHaveLength(7);
      expect(read.problems[6]).toMatch(/^and \d+ more problems$/);
    }
  });
});
