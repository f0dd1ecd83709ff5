"use client";
/**
 * The scenario buttons, the narration while one runs, and its verdict at the end. A scenario runs
 * in the delivery mode the naive-delivery switch shows, so a class can watch the same lesson with
 * and without the causal buffer; the run's heading says which mode it used.
 */
import type { DeliveryMode } from "@causal-kv/core";
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
  readonly delivery: DeliveryMode;
  readonly narration: readonly string[];
  readonly phase: "running" | "done" | "failed";
  readonly verdict: readonly VerdictLine[];
}

export function ScenarioBar() {
  const replicas = useLab((lab) => lab.replicas);
  // As the switch reads it: on when any replica is naive, and a run then makes every one naive.
  const delivery: DeliveryMode = replicas.some((view) => view.state.mode === "naive")
    ? "naive"
    : "causal";
  const [run, setRun] = useState<Run | undefined>();
  const abort = useRef<AbortController | undefined>(undefined);
  const running = run?.phase === "running";
  // The run's reset turns every replica causal for a moment: while it runs, say the run's mode.
  const shown = run && running ? run.delivery : delivery;

  const start = async (id: string) => {
    const scenario = scenarios.find((s) => s.id === id);
    if (!scenario) return;
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setRun({
      id,
      title: scenario.title,
      delivery,
      narration: [scenario.summary],
      phase: "running",
      verdict: [],
    });
    const lab = useLab.getState();
    lab.setFollow(true);
    lab.select(undefined);
    lab.clearExchanges();
    lab.setScenarioRunning(true);
    const say = (text: string) =>
      setRun((r) => (r && r.id === id ? { ...r, narration: [...r.narration, text] } : r));
    try {
      const result: ScenarioResult = await runScenario(
        scenario,
        clusterFor(replicas.map((v) => v.endpoint)),
        { onSay: say, onClient: (exchange) => useLab.getState().recordExchange(exchange) },
        { signal: controller.signal, delivery },
      );
      setRun((r) => r && { ...r, phase: result.ok ? "done" : "failed", verdict: result.verdict });
    } catch (error) {
      if (controller.signal.aborted) return;
      const text = error instanceof Error ? error.message : String(error);
      setRun((r) => r && { ...r, phase: "failed", verdict: [{ ok: false, text }] });
    } finally {
      if (abort.current === controller) useLab.getState().setScenarioRunning(false);
    }
  };

  return (
    <section className="scenarios" aria-label="Scenarios">
      {shown === "naive" && (
        <p className="scenario-mode">
          Naive delivery is on: scenarios run without the causal buffer.
        </p>
      )}
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
            {run.delivery === "naive" && (
              <>
                <span className="run-naive">naive delivery</span>{" "}
              </>
            )}
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
