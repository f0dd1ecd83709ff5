import { foldJournal } from "@causal-kv/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emptyState } from "../lab/replicaState";
import { LabRun, runSteps } from "./labRun.testkit";
import { replayStops, replicaStatesAt } from "./replayState";

describe("replay", () => {
  it("shows a buffered write while it waits and gone once its cause arrives", () => {
    const run = new LabRun(3);
    run.write(0, "x", "1");
    run.deliver(1);
    run.write(1, "y", "2");
    run.deliver(2, 1); // y waits at node3 for x
    const waiting = run.trace();
    const whileWaiting = waiting.journals.node3?.at(-1)?.time ?? 0;
    run.deliverAll();
    const trace = run.trace();
    const before = replicaStatesAt(trace, whileWaiting).node3;
    expect(before?.buffer.map((b) => b.message.key)).toEqual(["y"]);
    expect(before?.store).toEqual({});
    const after = replicaStatesAt(trace, Number.POSITIVE_INFINITY).node3;
    expect(after?.buffer).toEqual([]);
    expect(Object.keys(after?.store ?? {}).sort()).toEqual(["x", "y"]);
    expect(after?.clock).toEqual({ node1: 1, node2: 1, node3: 0 });
  });

  it("at the end of a run equals the fold of every journal, and before the start is empty", () => {
    fc.assert(
      fc.property(runSteps, (steps) => {
        const trace = new LabRun(3).run(steps).trace();
        const stops = replayStops(trace);
        const end = replicaStatesAt(trace, stops.at(-1) ?? 0);
        for (const replica of trace.replicas)
          expect(end[replica]).toEqual(
            foldJournal(emptyState(trace.replicas), trace.journals[replica] ?? []),
          );
        const start = replicaStatesAt(trace, (stops[0] ?? 0) - 1);
        for (const replica of trace.replicas)
          expect(start[replica]).toEqual(emptyState(trace.replicas));
      }),
    );
  });

  it("folds a whole journal to the same state as folding it in batches, as they arrive live", () => {
    for (const mode of ["causal", "naive"] as const) {
      fc.assert(
        fc.property(runSteps, fc.nat(), (steps, cut) => {
          const trace = new LabRun(3, mode).run(steps).trace();
          for (const replica of trace.replicas) {
            const journal = trace.journals[replica] ?? [];
            const start = emptyState(trace.replicas);
            const at = cut % (journal.length + 1);
            const inBatches = foldJournal(
              foldJournal(start, journal.slice(0, at)),
              journal.slice(at),
            );
            expect(inBatches).toEqual(foldJournal(start, journal));
          }
        }),
      );
    }
  });
});
