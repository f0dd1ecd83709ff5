/**
 * The trace the dashboard shows: the imported one, or every live journal. Rebuilt only when a
 * journal grows, so everything derived from it can be memoized on its identity.
 */
import type { Trace } from "@causal-kv/checker";
import type { JournalEvent } from "@causal-kv/core";
import { useMemo } from "react";
import { useLab } from "./labStore";

export function useLabTrace(): Trace {
  const replicas = useLab((lab) => lab.replicas);
  const imported = useLab((lab) => lab.imported);
  const ids = replicas.map((view) => view.endpoint.id).join(",");
  const journals = replicas.map((view) => view.events);
  // biome-ignore lint/correctness/useExhaustiveDependencies: journals are compared by identity, element-wise
  const live = useMemo((): Trace => {
    const byReplica: Record<string, readonly JournalEvent[]> = {};
    replicas.forEach((view, i) => {
      byReplica[view.endpoint.id] = journals[i] ?? [];
    });
    return { replicas: ids ? ids.split(",") : [], journals: byReplica };
  }, [ids, ...journals]);
  return imported?.trace ?? live;
}
