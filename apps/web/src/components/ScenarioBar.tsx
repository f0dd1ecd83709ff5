"use client";
/**
 * The scenario buttons and the lab's run. A run belongs to the cluster: the lab server carries it
 * out and every viewer sees the same narration, step, checks and verdict, a late one too. One run at
 * a time: while one runs the buttons wait, and a start from elsewhere is refused with what runs.
 * A scenario runs in the delivery mode the naive-delivery switch shows.
 */
import type { DeliveryMode } from "@causal-kv/core";
import { scenarios } from "@causal-kv/scenarios";
import { useLabRun } from "../lab/labRunStore";
import { useNaiveCount } from "../lab/replicaSelectors";
import { useLabCommand } from "../lab/useLabCommand";
import { RunControls } from "./RunControls";
import { RunView } from "./RunView";
import { ScenarioFiles } from "./ScenarioFiles";

/** `watching`: this browser has not entered the lab key; it sees the run but cannot drive it. */
export function ScenarioBar({ watching }: { watching: boolean }) {
  const { naive } = useNaiveCount();
  const run = useLabRun((view) => view.state?.run);
  const { send, refusal } = useLabCommand();
  // As the switch reads it: on when any replica is naive, and a run then makes every one naive.
  const delivery: DeliveryMode = naive > 0 ? "naive" : "causal";
  const running = run?.phase === "running";
  // The run's reset turns every replica causal for a moment: while it runs, say the run's mode.
  const shown = run && running ? run.delivery : delivery;

  const start = (id: string) => send("start", { scenario: id, delivery });

  return (
    <section className="scenarios" aria-label="Scenarios">
      {shown === "naive" && (
        <p className="scenario-mode">
          Naive delivery is on: scenarios run without the causal buffer.
        </p>
      )}
      {!running && (
        <div className="scenario-buttons">
          {scenarios.map((s) => (
            <button
              key={s.id}
              type="button"
              onClick={() => void start(s.id)}
              disabled={watching}
              title={s.summary}
              aria-pressed={run?.scenario.id === s.id}
            >
              {s.title}
            </button>
          ))}
        </div>
      )}
      {!running && <ScenarioFiles watching={watching} delivery={delivery} />}
      <RunControls disabled={watching} />
      {refusal && (
        <p className="error" role="alert">
          {refusal}
        </p>
      )}
      {run && <RunView run={run} />}
    </section>
  );
}
