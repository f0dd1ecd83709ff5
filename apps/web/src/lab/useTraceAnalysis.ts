/**
 * Hooks over the trace on screen. The layout follows the trace at once; the verdict and other
 * derived views follow a deferred copy, so React draws a large import before judging it.
 */
import { useDeferredValue } from "react";
import type { LabVerdict } from "../trace/labVerdict";
import { useLab } from "./labStore";
import { layoutOf, type TraceView, verdictOf } from "./traceAnalysis";
import { type LabTrace, useLabTrace } from "./useLabTrace";

/** The trace laid out on the time axis the diagram shows. */
export function useTraceView(): TraceView {
  const axis = useLab((lab) => lab.timeAxis);
  return layoutOf(useLabTrace(), axis);
}

/** The trace, a render behind when it just changed: for work that may wait for the diagram. */
export function useDeferredTrace(): LabTrace {
  return useDeferredValue(useLabTrace());
}

export function useVerdict(): { trace: LabTrace; verdict: LabVerdict } {
  const trace = useDeferredTrace();
  return { trace, verdict: verdictOf(trace) };
}
