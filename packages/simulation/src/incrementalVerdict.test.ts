// The dashboard's incremental checker on the simulation's traces (faults, crashes, wiped disks,
// catch-ups, naive delivery): fed replica by replica in small interleaved chunks, it finds what the
// whole-trace checker finds, and lets go of what no later event can refer to.
import {
  checkTrace,
  IncrementalChecker,
  type Trace,
  type Violation,
  writesInFlight,
} from "@causal-kv/checker";
import { describe, expect, it } from "vitest";
import { simulateCluster } from "./simulateCluster.js";

/** A violation as a viewer reads it: its sentence and the event it points at. */
function readable(violations: readonly Violation[]) {
  return violations.map(({ kind, replica, write, message, events }) => ({
    kind,
    replica,
    write,
    message,
    first: events[0] ? `${events[0].replica}#${events[0].seq}` : undefined,
  }));
}

/** Round-robin, a different chunk size per replica, so no replica's journal is fed in step. */
function feedInterleaved(trace: Trace): IncrementalChecker {
  const checker = new IncrementalChecker(trace.replicas);
  const offsets = trace.replicas.map(() => 0);
  for (let open = true; open; ) {
    open = false;
    trace.replicas.forEach((replica, i) => {
      const journal = trace.journals[replica] ?? [];
      const from = offsets[i] ?? 0;
      if (from >= journal.length) return;
      const chunk = 3 + i * 5;
      checker.feed(replica, journal.slice(from, from + chunk));
      offsets[i] = from + chunk;
      open = true;
    });
  }
  return checker;
}

describe("the incremental checker on simulated runs", () => {
  for (const mode of ["causal", "naive"] as const) {
    it(`finds what checkTrace finds over 60 seeds in ${mode} mode`, () => {
      let violations = 0;
      for (let seed = 1; seed <= 60; seed++) {
        const { trace } = simulateCluster({ seed, mode });
        const checker = feedInterleaved(trace);
        const whole = checkTrace(trace, { quiescent: true });
        expect(readable(checker.violations({ quiescent: true })), `seed ${seed}`).toEqual(
          readable(whole),
        );
        expect(checker.inFlight(), `seed ${seed}`).toBe(writesInFlight(trace));
        violations += whole.length;
      }
      if (mode === "naive") expect(violations).toBeGreaterThan(0);
    });
  }
});
