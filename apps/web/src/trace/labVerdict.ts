/**
 * The verdict the dashboard always shows, from the checker run on the trace so far: whether
 * causality held (with every violation), and, once nothing is left in flight, whether the replicas
 * converged. Before that, convergence is "not yet settled", never a false alarm. A live trace whose
 * older events scrolled out brings their judged history; only the events after it are fed.
 */
import { IncrementalChecker, type Trace, type Violation } from "@causal-kv/checker";
import { type JudgedHistory, unjudged } from "./judgedHistory";

export interface LabVerdict {
  readonly causalityViolations: readonly Violation[];
  /** Writes still owed to some replica (sent, not yet applied there). */
  readonly inFlight: number;
  /** `undefined` while writes are in flight. */
  readonly converged: boolean | undefined;
  readonly convergenceViolations: readonly Violation[];
  /** How many events the verdict covers, those scrolled out of the window included. */
  readonly checkedEvents: number;
}

export function judgeLab(trace: Trace, history?: JudgedHistory): LabVerdict {
  const checker = history?.checker.clone() ?? new IncrementalChecker(trace.replicas);
  for (const replica of trace.replicas) {
    const events = trace.journals[replica] ?? [];
    checker.feed(replica, history ? unjudged(history, replica, events) : events);
  }
  const inFlight = checker.inFlight();
  const violations = checker.violations({
    quiescent: inFlight === 0,
    ...(trace.stores ? { stores: trace.stores } : {}),
  });
  const causalityViolations = violations.filter(
    (v) => v.kind === "causal-order" || v.kind === "applied-twice",
  );
  const convergenceViolations = violations.filter(
    (v) => v.kind === "lost" || v.kind === "diverged",
  );
  return {
    causalityViolations,
    inFlight,
    converged: inFlight === 0 ? convergenceViolations.length === 0 : undefined,
    convergenceViolations,
    checkedEvents: checker.events,
  };
}
