import { writesInFlight } from "@causal-kv/checker";
import type { JournalEvent } from "@causal-kv/core";
import { describe, expect, it } from "vitest";
import { emptyHistory, type JudgedHistory } from "./judgedHistory";
import { LabRun } from "./labRun.testkit";
import { judgeLab } from "./labVerdict";

/** node1 writes x; node2 sees it and writes y; y reaches node3 before x. */
function overtake(mode: "causal" | "naive"): LabRun {
  const run = new LabRun(3, mode);
  run.write(0, "x", "1");
  run.deliver(1);
  run.write(1, "y", "2");
  run.deliver(2, 1);
  return run;
}

describe("judgeLab", () => {
  it("finds the causality violation of naive delivery, in words, before the run settles", () => {
    const verdict = judgeLab(overtake("naive").trace());
    expect(verdict.causalityViolations.map((v) => v.message)).toEqual([
      "node3 applied y=2 (node2:1) before x=1 (node1:1), but x=1 (node1:1) happened before y=2 (node2:1)",
    ]);
    expect(verdict.converged).toBeUndefined();
    expect(verdict.inFlight).toBeGreaterThan(0);
  });

  it("finds none for the same run under causal delivery, and judges convergence once settled", () => {
    const run = overtake("causal");
    expect(judgeLab(run.trace()).causalityViolations).toEqual([]);
    run.deliverAll();
    const settled = judgeLab(run.trace());
    expect(settled).toMatchObject({ inFlight: 0, converged: true, causalityViolations: [] });
  });

  it("counts each write owed to each destination", () => {
    const run = new LabRun(3);
    run.write(0, "x");
    run.write(1, "y");
    expect(writesInFlight(run.trace())).toBe(4);
    run.deliver(2);
    expect(writesInFlight(run.trace())).toBe(3);
  });

  it("gives the same verdict when the older events scrolled out into a judged history", () => {
    const run = overtake("naive");
    run.write(2, "z", "3");
    run.deliverAll();
    const whole = run.trace();
    for (const cut of [1, 2, 3, 5]) {
      const history = emptyHistory(whole.replicas);
      const through: Record<string, number> = {};
      const journals: Record<string, JournalEvent[]> = {};
      for (const replica of whole.replicas) {
        const journal = whole.journals[replica] ?? [];
        history.checker.feed(replica, journal.slice(0, cut));
        through[replica] = journal[Math.min(cut, journal.length) - 1]?.seq ?? 0;
        journals[replica] = journal.slice(cut);
      }
      const judged: JudgedHistory = { checker: history.checker, through };
      const windowed = judgeLab({ replicas: whole.replicas, journals }, judged);
      const plain = judgeLab(whole);
      expect(windowed.causalityViolations.map((v) => v.message)).toEqual(
        plain.causalityViolations.map((v) => v.message),
      );
      expect(windowed).toMatchObject({
        inFlight: plain.inFlight,
        converged: plain.converged,
        checkedEvents: plain.checkedEvents,
      });
    }
  });
});
