"use client";
/**
 * A panel per replica: live, as its stream reports it; or, while replaying or viewing an imported
 * trace, as folded from the journal up to the chosen moment.
 */
import { useMemo } from "react";
import { formatMs } from "../lab/describeEvent";
import { useLab } from "../lab/labStore";
import { layoutOf } from "../lab/traceAnalysis";
import { useDeferredTrace } from "../lab/useTraceAnalysis";
import { journalStarts } from "../trace/judgedHistory";
import { replicaStatesAt } from "../trace/replayState";
import { ReplicaPanel } from "./ReplicaPanel";

export function ReplicaPanels() {
  const replicas = useLab((lab) => lab.replicas);
  const imported = useLab((lab) => lab.imported);
  const replayAt = useLab((lab) => lab.replayAt);
  const trace = useDeferredTrace();
  const { layout } = layoutOf(trace);
  const replayed = useMemo(
    () =>
      imported || replayAt !== undefined
        ? replicaStatesAt(
            trace,
            replayAt ?? Number.POSITIVE_INFINITY,
            trace.history ? journalStarts(trace.history, trace) : {},
          )
        : undefined,
    [trace, imported, replayAt],
  );
  const asOf = replayAt === undefined ? undefined : formatMs(replayAt - layout.start);

  return (
    <div className="replica-panels">
      {replayed
        ? trace.replicas.map((id) => {
            const state = replayed[id];
            const view = replicas.find((v) => v.endpoint.id === id);
            return (
              state && (
                <ReplicaPanel
                  key={id}
                  id={id}
                  connection={imported || !view ? "recorded" : view.connection}
                  state={state}
                  asOf={asOf}
                />
              )
            );
          })
        : replicas.map((view) => (
            <ReplicaPanel
              key={view.endpoint.id}
              id={view.endpoint.id}
              connection={view.connection}
              state={view.state}
              skipped={view.skipped}
              compactedBefore={view.compactedBefore}
              held={view.held.length}
            />
          ))}
    </div>
  );
}
