/**
 * The trace the dashboard shows: the imported one, or every live journal's window with the judged
 * history before it. Rebuilt only when a journal changes, so everything derived from it can be
 * memoized on its identity.
 */
import type { Trace } from "@causal-kv/checker";
import type { JournalEvent } from "@causal-kv/core";
import { useMemo } from "react";
import type { JudgedHistory } from "../trace/judgedHistory";
import { useLab } from "./labStore";

/** A trace as the dashboard holds it: a live one brings what scrolled out of its window, judged. */
export interface LabTrace extends Trace {
  readonly history?: JudgedHistory;
}

export function useLabTrace(): LabTrace {
  const replicas = useLab((lab) => lab.replicas);
  const history = useLab((lab) => lab.history);
  const earlier = useLab((lab) => lab.earlier);
  const imported = useLab((lab) => lab.imported);
  const ids = replicas.map((view) => view.endpoint.id).join(",");
  const journals = replicas.map((view) => view.events);
  // biome-ignore lint/correctness/useExhaustiveDependencies: journals are compared by identity, element-wise
  const live = useMemo((): LabTrace => {
    const byReplica: Record<string, readonly JournalEvent[]> = {};
    replicas.forEach((view, i) => {
      const before = earlier[view.endpoint.id];
      const held = journals[i] ?? [];
      byReplica[view.endpoint.id] = before && before.length > 0 ? before.concat(held) : held;
    });
    return { replicas: ids ? ids.split(",") : [], journals: byReplica, history };
  }, [ids, history, earlier, ...journals]);
  return imported?.trace ?? live;
}
