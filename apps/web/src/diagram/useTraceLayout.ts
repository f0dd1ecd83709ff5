/** The layout of everything the lab has received, recomputed only when a journal grows. */
import type { JournalEvent } from "@causal-kv/core";
import { useMemo } from "react";
import { useLab } from "../lab/labStore";
import { layoutTrace, type TraceLayout } from "./layoutTrace";

export function useTraceLayout(): TraceLayout {
  const replicas = useLab((lab) => lab.replicas);
  const ids = replicas.map((view) => view.endpoint.id).join(",");
  const journals = replicas.map((view) => view.events);
  // biome-ignore lint/correctness/useExhaustiveDependencies: journals are compared by identity, element-wise
  return useMemo(
    () => layoutTrace(ids ? ids.split(",") : [], ([] as JournalEvent[]).concat(...journals)),
    [ids, ...journals],
  );
}
