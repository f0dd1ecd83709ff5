import type { JournalEvent } from "@causal-kv/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventClocks } from "../trace/eventClocks";
import { LabRun, runSteps } from "../trace/labRun.testkit";
import { LogicalColumns } from "./logicalColumns";

/** Each lane's columns, in journal order; from scratch when `columns` is not given. */
function placeAll(
  journals: readonly (readonly JournalEvent[])[],
  columns = new LogicalColumns(journals.length),
): { columns: LogicalColumns; byLane: number[][] } {
  let used = columns;
  if (!used.place(journals)) {
    used = new LogicalColumns(journals.length);
    expect(used.place(journals)).toBe(true);
  }
  const byLane = journals.map((journal, lane) =>
    journal.map((event) => used.column(lane, event.seq) ?? Number.NaN),
  );
  return { columns: used, byLane };
}

/** A run's journals and an order to reveal them in: a lane at a time, a few events each. */
const revealedRun = fc.record({
  steps: runSteps,
  reveals: fc.array(fc.record({ lane: fc.nat(2), count: fc.integer({ min: 1, max: 6 }) }), {
    maxLength: 80,
  }),
});

describe("LogicalColumns", () => {
  it("placed as the journals grow, in any order across lanes (a receiver's events before their send's), equals placing them at once", () => {
    fc.assert(
      fc.property(revealedRun, ({ steps, reveals }) => {
        const trace = new LabRun(3).run(steps).trace();
        const full = trace.replicas.map((id) => trace.journals[id] ?? []);
        const shown = full.map(() => 0);
        let incremental = new LogicalColumns(3);
        // Whatever is left is revealed at the end, lane by lane.
        const all = [...reveals, ...full.map((_, lane) => ({ lane, count: Infinity }))];
        for (const { lane, count } of all) {
          shown[lane] = Math.min((shown[lane] ?? 0) + count, full[lane]?.length ?? 0);
          const journals = full.map((journal, l) => journal.slice(0, shown[l]));
          const grown = placeAll(journals, incremental);
          incremental = grown.columns;
          expect(grown.byLane).toEqual(placeAll(journals).byLane);
        }
      }),
    );
  });

  it("keeps happens-before, never puts two events of a lane in one column, lets concurrent events share one", () => {
    fc.assert(
      fc.property(revealedRun, ({ steps, reveals }) => {
        const trace = new LabRun(3).run(steps).trace();
        const full = trace.replicas.map((id) => trace.journals[id] ?? []);
        const shown = full.map(() => 0);
        let incremental = new LogicalColumns(3);
        for (const { lane, count } of reveals) {
          shown[lane] = Math.min((shown[lane] ?? 0) + count, full[lane]?.length ?? 0);
          incremental = placeAll(
            full.map((journal, l) => journal.slice(0, shown[l])),
            incremental,
          ).columns;
        }
        const { byLane } = placeAll(full, incremental);
        const column = new Map<string, number>();
        full.forEach((journal, lane) => {
          journal.forEach((event, k) => {
            column.set(`${event.replica}#${event.seq}`, byLane[lane]?.[k] ?? Number.NaN);
            if (k > 0) expect(byLane[lane]?.[k]).toBeGreaterThan(byLane[lane]?.[k - 1] ?? 0);
          });
        });
        for (const event of eventClocks(trace, "arrival")) {
          if (event.from !== undefined)
            expect(column.get(event.id)).toBeGreaterThan(column.get(event.from) ?? Infinity);
        }
      }),
    );
    const run = new LabRun(3);
    run.write(0, "a");
    run.write(1, "b");
    const trace = run.trace();
    const { byLane } = placeAll(trace.replicas.map((id) => trace.journals[id] ?? []));
    // Two concurrent writes, each its replica's first event: one column.
    expect(byLane[0]?.[0]).toBe(0);
    expect(byLane[1]?.[0]).toBe(0);
  });

  it("keeps its columns as the oldest events scroll out of a live window, as if they were still there", () => {
    fc.assert(
      fc.property(runSteps, fc.integer({ min: 1, max: 8 }), (steps, span) => {
        const trace = new LabRun(3).run(steps).trace();
        const full = trace.replicas.map((id) => trace.journals[id] ?? []);
        const whole = placeAll(full).byLane;
        const times = full.flat().map((event) => event.time);
        let columns = new LogicalColumns(3);
        // Up to each moment, the last `span` ms of every journal, as a live stream brings them.
        for (let now = Math.min(...times); now <= Math.max(...times); now++) {
          const windows = full.map((journal) =>
            journal.filter((event) => event.time <= now && event.time > now - 2 * span),
          );
          const placed = placeAll(windows, columns);
          columns = placed.columns;
          windows.forEach((window, lane) => {
            const from = full[lane]?.indexOf(window[0] as JournalEvent) ?? 0;
            expect(placed.byLane[lane]).toEqual(whole[lane]?.slice(from, from + window.length));
          });
        }
      }),
    );
  });

  it("starts over when a journal starts over (a reset replica's seqs begin again)", () => {
    const run = new LabRun(2);
    run.write(0, "a");
    run.deliverAll();
    const before = run.trace();
    const columns = new LogicalColumns(2);
    expect(columns.place(before.replicas.map((id) => before.journals[id] ?? []))).toBe(true);
    const again = new LabRun(2);
    again.write(1, "b");
    const after = again.trace();
    expect(columns.place(after.replicas.map((id) => after.journals[id] ?? []))).toBe(false);
  });
});
