/**
 * Everything the dashboard derives from one trace, computed once per trace and shared by every
 * component: the diagram layout, each mark's event clock, and the checker's verdict.
 */
import type { Trace } from "@causal-kv/checker";
import { layoutTrace, type TraceLayout } from "../diagram/layoutTrace";
import { type ClockedEvent, eventClocks } from "./eventClocks";
import { judgeLab, type LabVerdict } from "./labVerdict";

export interface TraceAnalysis {
  readonly trace: Trace;
  readonly layout: TraceLayout;
  /** The event clock of each of `layout.marks`, in the same order. */
  readonly clocks: readonly ClockedEvent[];
  /** A mark's index in `layout.marks`, by mark id. */
  readonly markIndex: ReadonlyMap<string, number>;
  readonly verdict: LabVerdict;
}

const cache = new WeakMap<Trace, TraceAnalysis>();

export function analyzeTrace(trace: Trace): TraceAnalysis {
  const cached = cache.get(trace);
  if (cached) return cached;
  const layout = layoutTrace(
    trace.replicas,
    trace.replicas.flatMap((r) => trace.journals[r] ?? []),
  );
  const byId = new Map(eventClocks(trace, "arrival").map((c) => [c.id, c]));
  const markIndex = new Map<string, number>();
  const clocks = layout.marks.map((mark, i) => {
    markIndex.set(mark.id, i);
    return byId.get(mark.id) ?? { id: mark.id, event: mark.event, clock: {} };
  });
  const analysis = { trace, layout, clocks, markIndex, verdict: judgeLab(trace) };
  cache.set(trace, analysis);
  return analysis;
}
