/**
 * The verdict the dashboard always shows, from the checker run on the trace so far: whether
 * causality held (with every violation), and, once nothing is left in flight, whether the replicas
 * converged. Before that, convergence is "not yet settled", never a false alarm.
 */
import { checkTrace, type Trace, type Violation } from "@causal-kv/checker";
import { type WriteId, writeId } from "@causal-kv/core";

export interface LabVerdict {
  readonly causalityViolations: readonly Violation[];
  /** Writes still owed to some replica (sent, not yet applied there). */
  readonly inFlight: number;
  /** `undefined` while writes are in flight. */
  readonly converged: boolean | undefined;
  readonly convergenceViolations: readonly Violation[];
}

export function judgeLab(trace: Trace): LabVerdict {
  const inFlight = writesInFlight(trace);
  const violations = checkTrace(trace, { quiescent: inFlight === 0 });
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
  };
}

/** How many (write, destination) pairs are sent but not yet applied at their destination. */
export function writesInFlight(trace: Trace): number {
  const applied = new Set<string>();
  for (const replica of trace.replicas)
    for (const event of trace.journals[replica] ?? [])
      if (event.type === "deliver" || event.type === "write")
        applied.add(`${writeId(event.message)}@${replica}`);
  let owed = 0;
  for (const replica of trace.replicas)
    for (const event of trace.journals[replica] ?? []) {
      if (event.type !== "send") continue;
      const id: WriteId = writeId(event.message);
      for (const peer of event.to)
        if (trace.replicas.includes(peer) && !applied.has(`${id}@${peer}`)) owed++;
    }
  return owed;
}
