/** The analysis of the trace on screen, shared by every component that reads it. */
import { analyzeTrace, type TraceAnalysis } from "../trace/traceAnalysis";
import { useLabTrace } from "./useLabTrace";

export function useTraceAnalysis(): TraceAnalysis {
  return analyzeTrace(useLabTrace());
}
