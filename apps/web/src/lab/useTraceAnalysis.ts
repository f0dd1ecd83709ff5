/**
 * Hooks over the trace on screen. The layout follows the trace at once; the verdict and other
 * derived views of an imported trace follow a render behind, so React draws a large import before
 * judging it. A live run's updates are not deferred: each would have rendered every reader twice.
 */
import { useDeferredValue } from "react";
import type { LabVerdict } from "../trace/labVerdict";
import { type ImportedTrace, useLab } from "./labStore";
import { layoutOf, type TraceView, verdictOf } from "./traceAnalysis";
import { type LabTrace, liveTrace, useLabTrace } from "./useLabTrace";

/** The trace laid out on the time axis the diagram shows. */
export function useTraceView(): TraceView {
  const axis = useLab((lab) => lab.timeAxis);
  return layoutOf(useLabTrace(), axis);
}

/**
 * Which trace the deferred readers show: the one on screen once the deferred import has caught up
 * with the chosen one; until then, the one shown before (the deferred import, or the live run).
 */
export function deferredTrace(
  onScreen: LabTrace,
  chosen: ImportedTrace | undefined,
  deferred: ImportedTrace | undefined,
  live: LabTrace,
): LabTrace {
  if (deferred === chosen) return onScreen;
  return deferred ? deferred.trace : live;
}

/**
 * The trace, a render behind when an import was just chosen or left: for work that may wait for
 * the diagram. Only the choice of import is deferred, so a live update changes no deferred value
 * and React renders its readers once, with the diagram.
 */
export function useDeferredTrace(): LabTrace {
  const onScreen = useLabTrace();
  const chosen = useLab((lab) => lab.imported);
  const deferred = useDeferredValue(chosen);
  const live = useLab(liveTrace);
  return deferredTrace(onScreen, chosen, deferred, live);
}

export function useVerdict(): { trace: LabTrace; verdict: LabVerdict } {
  const trace = useDeferredTrace();
  return { trace, verdict: verdictOf(trace) };
}
