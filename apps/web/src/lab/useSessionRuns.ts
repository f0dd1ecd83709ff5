/**
 * Keeps the session's runs as they happen: a live run as it ends and again a moment later (its
 * journals' last events stream in after), an imported trace as it is shown. A new run resets the
 * cluster, so the hand recording starts afresh with it.
 */
import { useEffect } from "react";
import { useHandRecording } from "./handRecording";
import { useLabRun } from "./labRunStore";
import { useLab } from "./labStore";
import { useRunHistory } from "./runHistory";

const settleMs = 600;

export function useSessionRuns(): void {
  const run = useLabRun((view) => view.state?.run);
  const imported = useLab((lab) => lab.imported);
  const number = run?.number;
  const ended = run !== undefined && run.phase !== "running";

  useEffect(() => {
    if (number !== undefined) useHandRecording.getState().clear();
  }, [number]);

  useEffect(() => {
    if (!ended || !run) return;
    const keep = () => {
      const { replicas } = useLab.getState();
      const journals = Object.fromEntries(replicas.map((view) => [view.endpoint.id, view.events]));
      useRunHistory.getState().keep({
        label: `${run.scenario.title}, ${run.delivery} (run ${run.number})`,
        name: run.delivery,
        run: run.number,
        delivery: run.delivery,
        trace: { replicas: replicas.map((view) => view.endpoint.id), journals },
      });
    };
    keep();
    // Again once the last events have streamed in, unless the next run has reset the cluster.
    const timer = setTimeout(() => {
      if (useLabRun.getState().state?.run?.number === run.number) keep();
    }, settleMs);
    return () => clearTimeout(timer);
  }, [ended, run]);

  useEffect(() => {
    if (imported)
      useRunHistory
        .getState()
        .keep({ label: imported.name, name: imported.name, trace: imported.trace });
  }, [imported]);
}
