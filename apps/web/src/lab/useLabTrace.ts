/**
 * The trace the dashboard shows: the imported one, or every live journal's window with the judged
 * history before it. One trace object per state of the journals, shared by every component that
 * asks, so everything derived from it (layouts, verdicts) is computed once and memoized on it.
 */
import type { Trace } from "@causal-kv/checker";
import type { JournalEvent, ReplicaId } from "@causal-kv/core";
import type { JudgedHistory } from "../trace/judgedHistory";
import { type ReplicaView, useLab } from "./labStore";

/** A trace as the dashboard holds it: a live one brings what scrolled out of its window, judged. */
export interface LabTrace extends Trace {
  readonly history?: JudgedHistory;
}

interface LiveInputs {
  readonly replicas: readonly ReplicaView[];
  readonly history: JudgedHistory;
  readonly earlier: Readonly<Record<ReplicaId, readonly JournalEvent[]>>;
}

let last: { inputs: LiveInputs; trace: LabTrace } | undefined;

/**
 * The live trace of these journals: the same object as long as the journals, history and earlier
 * events are the same (a panel's state moving on keeps it). Each component asking for its own
 * copy made each lay the trace out and judge it again, several times per update.
 */
export function liveTrace(inputs: LiveInputs): LabTrace {
  if (last && sameJournals(last.inputs, inputs)) return last.trace;
  const { replicas, history, earlier } = inputs;
  const journals: Record<string, readonly JournalEvent[]> = {};
  for (const view of replicas) {
    const before = earlier[view.endpoint.id];
    journals[view.endpoint.id] =
      before && before.length > 0 ? before.concat(view.events) : view.events;
  }
  const trace = { replicas: replicas.map((view) => view.endpoint.id), journals, history };
  last = { inputs, trace };
  return trace;
}

function sameJournals(a: LiveInputs, b: LiveInputs): boolean {
  return (
    a.history === b.history &&
    a.earlier === b.earlier &&
    a.replicas.length === b.replicas.length &&
    a.replicas.every(
      (view, i) =>
        view.endpoint.id === b.replicas[i]?.endpoint.id && view.events === b.replicas[i]?.events,
    )
  );
}

/**
 * The trace on screen. Selected from the store as one object, so a component re-renders when the
 * journals move on, not when only a panel's state does (a busy run's panels move on more often).
 */
export function useLabTrace(): LabTrace {
  return useLab((lab) => lab.imported?.trace ?? liveTrace(lab));
}
