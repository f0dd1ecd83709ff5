import { type JournalEvent, writeId } from "@causal-kv/core";
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

  it("never lets an arrival precede its send, in either delivery mode, settled or not", () => {
    for (const mode of ["causal", "naive"] as const) {
      fc.assert(
        fc.property(runSteps, fc.boolean(), (steps, settle) => {
          const run = new LabRun(3, mode).run(steps);
          if (settle) run.deliverAll();
          const trace = run.trace();
          const events = parseShivizLog(shivizLog(trace));
          expect(shivizProblems(events)).toEqual([]);
          // Without restarts, a host's k-th logged event is its k-th journal event.
          const byHost = new Map<string, ShivizEvent[]>();
          for (const e of events) byHost.set(e.host, [...(byHost.get(e.host) ?? []), e]);
          const sendAt = new Map<string, number>();
          for (const replica of trace.replicas)
            (trace.journals[replica] ?? []).forEach((event, i) => {
              if (event.type === "send") sendAt.set(writeId(event.message), i + 1);
            });
          for (const replica of trace.replicas) {
            const journal: readonly JournalEvent[] = trace.journals[replica] ?? [];
            const logged = byHost.get(replica) ?? [];
            journal.forEach((event, i) => {
              if (event.type !== "receive") return;
              const origin = event.message.origin;
              const send = sendAt.get(writeId(event.message));
              if (send === undefined) return;
              // Its clock takes in the send (ShiViz then lays it out after the send and draws the
              // arrow to it, unless the receiver already knew the send through another message).
              const arrival = logged[i]?.clock[origin] ?? 0;
              expect(arrival, `${replica}#${event.seq} after its send`).toBeGreaterThanOrEqual(
                send,
              );
            });
          }
        }),
      );
    }
  });

  it("logs a crash before each restart, with every counter still rising by one", () => {
    const run = new LabRun(2);
    run.write(0, "x", "1");
    run.restart(0);
    run.write(0, "y", "2");
    run.deliverAll();
    const events = parseShivizLog(shivizLog(run.trace()));
    expect(shivizProblems(events)).toEqual([]);
    const node1 = events.filter((e) => e.host === "node1").map((e) => e.description);
    expect(node1.slice(2, 4)).toEqual([
      "node1 crashed, losing what it had not saved",
      "node1 restarted from its saved state",
    ]);
    // node2's arrival of y names node1's send by its number after the crash was counted.
    const send = events.findIndex((e) => e.description.startsWith("node1 sent y=2"));
    const sendClock = events[send]?.clock.node1 ?? 0;
    expect(sendClock).toBe(6);
    const arrival = events.find(
      (e) => e.host === "node2" && e.description.includes("received y=2"),
    );
    expect(arrival?.clock.node1).toBe(sendClock);
  });
});
