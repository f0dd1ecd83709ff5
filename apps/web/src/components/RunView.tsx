"use client";
/**
 * The lab's run as every viewer sees it: title, mode, step, the current narration step large enough
 * for the back row (the earlier ones folded away), the open question, the checks so far and the
 * verdict. The pace is the teacher's (RunControls).
 */
import type { LabRun } from "@causal-kv/protocol";
import { QuestionCard } from "./QuestionCard";

const phaseText = {
  running: "running…",
  done: "done",
  failed: "did not hold",
  stopped: "stopped",
} as const;

export function RunView({ run }: { run: LabRun }) {
  const current = run.narration[run.narration.length - 1];
  const earlier = run.narration.slice(0, -1);
  return (
    <div className={`scenario-run ${run.phase}`}>
      <h2>
        {run.scenario.title}{" "}
        {run.delivery === "naive" && (
          <>
            <span className="run-naive">naive delivery</span>{" "}
          </>
        )}
        <span className="phase">{phaseText[run.phase]}</span>
      </h2>
      <p className="run-step">
        {run.step === 0
          ? `Ready: step 1 of ${run.steps} comes next`
          : `Step ${run.step} of ${run.steps}`}
      </p>
      <div className="narration">
        {earlier.length > 0 && (
          <details>
            <summary>Earlier steps ({earlier.length})</summary>
            <ol>
              {earlier.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ol>
          </details>
        )}
        <ol start={earlier.length + 1} className="narration-now" aria-live="polite">
          {current && <li>{current}</li>}
        </ol>
      </div>
      {run.question && <QuestionCard question={run.question} />}
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
  );
}
