"use client";
/** The scenario buttons, the narration while one runs, and its verdict at the end. */
import {
  runScenario,
  type ScenarioResult,
  scenarios,
  type VerdictLine,
} from "@causal-kv/scenarios";
import { useRef, useState } from "react";
import { clusterFor } from "../lab/clusterClients";
import { useLab } from "../lab/labStore";

interface Run {
  readonly id: string;
  readonly title: string;
  readonly narration: readonly string[];
  readonly phase: "running" | "done" | "failed";
  readonly verdict: readonly VerdictLine[];
}

export function ScenarioBar() {
  const replicas = useLab((lab) => lab.replicas);
  const [run, setRun] = useState<Run | undefined>();
  const abort = useRef<AbortController | undefined>(undefined);
  const running = run?.phase === "running";

  const start = async (id: string) => {
    const scenario = scenarios.find((s) => s.id === id);
    if (!scenario) return;
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setRun({
      id,
      title: scenario.title,
      narration: [scenario.summary],
      phase: "running",
      verdict: [],
    });
    useLab.getState().setFollow(true);
    useLab.getState().select(undefined);
    const say = (text: string) =>
      setRun((r) => (r && r.id === id ? { ...r, narration: [...r.narration, text] } : r));
    try {
      const result: ScenarioResult = await runScenario(
        scenario,
        clusterFor(replicas.map((v) => v.endpoint)),
        { onSay: say },
        { signal: controller.signal },
      );
      setRun((r) => r && { ...r, phase: result.ok ? "done" : "failed", verdict: result.verdict });
    } catch (error) {
      if (controller.signal.aborted) return;
      const text = error instanceof Error ? error.message : String(error);
      setRun((r) => r && { ...r, phase: "failed", verdict: [{ ok: false, text }] });
    }
  };

  return (
    <section className="scenarios" aria-label="Scenarios">
      <div className="scenario-buttons">
        {scenarios.map((s) => (
          <button
            key={s.id}
            type="button"
            onClick={() => void start(s.id)}
            disabled={running}
            title={s.summary}
            aria-pressed={run?.id === s.id}
          >
            {s.title}
          </button>
        ))}
      </div>
      {run && (
        <div className={`scenario-run ${run.phase}`} aria-live="polite">
          <h2>
            {run.title}{" "}
            <span className="phase">
              {run.phase === "running"
                ? "running…"
                : run.phase === "done"
                  ? "done"
                  : "did not hold"}
            </span>
          </h2>
          <ol className="narration">
            {run.narration.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ol>
          {run.verdict.length > 0 && (
            <ul className="verdict" aria-label="Verdict">
              {run.verdict.map((line) => (
                <li key={line.text} className={line.ok ? "ok" : "bad"}>
                  <span aria-hidden="true">{line.ok ? "✔" : "✘"}</span> {line.text}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
