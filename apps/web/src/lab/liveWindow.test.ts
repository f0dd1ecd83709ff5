import { checkTrace } from "@causal-kv/checker";
import type { JournalEvent } from "@causal-kv/core";
import { describe, expect, it } from "vitest";
import { emptyHistory, journalStarts } from "../trace/judgedHistory";
import { LabRun } from "../trace/labRun.testkit";
import { judgeLab } from "../trace/labVerdict";
import { replicaStatesAt } from "../trace/replayState";
import { restartedHistory, scrollOut, unjudgedOnly } from "./liveWindow";

const restart = (seq: number): JournalEvent => ({
  seq,
  time: seq,
  replica: "node1",
  clock: {},
  type: "restart",
});
const seqs = (events: readonly JournalEvent[]) => events.map((event) => event.seq);

describe("the live window", () => {
  it("lets a journal grow a quarter past the window, then scrolls it back to the window", () => {
    const history = emptyHistory(["node1"]);
    const within = [{ id: "node1", events: [1, 2, 3, 4, 5].map(restart) }];
    const kept = scrollOut(within, history, 4);
    expect(kept.history).toBe(history);
    expect(kept.views[0]).toBe(within[0]);
    const past = scrollOut([{ id: "node1", events: [1, 2, 3, 4, 5, 6].map(restart) }], history, 4);
    expect(seqs(past.views[0]?.events ?? [])).toEqual([3, 4, 5, 6]);
    expect(past.history.through).toEqual({ node1: 2 });
    expect(past.history.checker.events).toBe(2);
    // The history it came from is never changed.
    expect(history.checker.events).toBe(0);
  });

  it("holds the window open at a gap, until the missing events come", () => {
    const history = emptyHistory(["node1"]);
    const gap = scrollOut(
      [{ id: "node1", events: [7, 8, 9, 10, 11, 12].map(restart) }],
      history,
      4,
    );
    expect(seqs(gap.views[0]?.events ?? [])).toEqual([7, 8, 9, 10, 11, 12]);
    const filled = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(restart);
    const after = scrollOut([{ id: "node1", events: filled }], history, 4);
    expect(seqs(after.views[0]?.events ?? [])).toEqual([9, 10, 11, 12]);
    expect(seqs(unjudgedOnly([5, 8, 9, 13].map(restart), after.history, "node1"))).toEqual([9, 13]);
  });

  it("starts judging again after a reset, from what each replica holds", () => {
    const history = { ...emptyHistory(["node1", "node2"]), through: { node1: 4, node2: 0 } };
    const restarted = restartedHistory(
      [
        { id: "node1", events: [1].map(restart) },
        { id: "node2", events: [3, 4].map(restart) },
      ],
      { ...history, through: { node1: 4, node2: 2 } },
      "node1",
    );
    expect(restarted.through).toEqual({ node1: 0, node2: 2 });
  });

  it("keeps the verdict, and the replayed states, of the whole run however small the window", () => {
    const run = new LabRun(3, "naive");
    for (let i = 0; i < 12; i++) {
      run.write(i % 3, `k${i % 2}`);
      if (i % 4 === 3) run.deliver(2, 1);
      run.deliver((i + 1) % 3);
    }
    run.deliverAll();
    const whole = run.trace();
    const expected = checkTrace(whole, { quiescent: true }).map((v) => v.message);
    expect(expected.length).toBeGreaterThan(0);
    for (const windowEvents of [2, 5, 11]) {
      let views = whole.replicas.map((id) => ({ id, events: [] as readonly JournalEvent[] }));
      let history = emptyHistory(whole.replicas);
      // The events arrive a few at a time, the window scrolling as they come.
      const longest = Math.max(...whole.replicas.map((id) => whole.journals[id]?.length ?? 0));
      for (let at = 0; at < longest; at += 3) {
        views = views.map((view) => ({
          ...view,
          events: view.events.concat((whole.journals[view.id] ?? []).slice(at, at + 3)),
        }));
        ({ views, history } = scrollOut(views, history, windowEvents));
      }
      const journals = Object.fromEntries(views.map((view) => [view.id, view.events]));
      const windowTrace = { replicas: whole.replicas, journals };
      const verdict = judgeLab(windowTrace, history);
      // Replay within the window starts from the judged history's fold: the same states.
      const lastTime = Math.max(...views.flatMap((view) => view.events.map((e) => e.time)));
      expect(replicaStatesAt(windowTrace, lastTime, journalStarts(history, windowTrace))).toEqual(
        replicaStatesAt(whole, lastTime),
      );
      expect(
        [...verdict.causalityViolations, ...verdict.convergenceViolations].map((v) => v.message),
      ).toEqual(expected);
      expect(verdict.checkedEvents).toBe(
        whole.replicas.reduce((n, id) => n + (whole.journals[id]?.length ?? 0), 0),
      );
      expect(Math.max(...views.map((view) => view.events.length))).toBeLessThanOrEqual(
        windowEvents + Math.max(1, Math.floor(windowEvents / 4)),
      );
    }
  });
});
