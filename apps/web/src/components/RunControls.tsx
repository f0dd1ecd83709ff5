"use client";
/**
 * The teacher's pace, shared by every viewer: Pause freezes the links (messages in flight wait)
 * and the run's script; Next step runs one step of a paused run (or closes an open question);
 * Speed stretches every scripted delay; Step messages holds every link so that the message
 * delivered next is the one clicked; Ask questions makes runs stop at their predictions.
 */
import type { RunSpeed } from "@causal-kv/protocol";
import { useLabRun } from "../lab/labRunStore";
import { useLabCommand } from "../lab/useLabCommand";

const speeds: readonly { speed: RunSpeed; label: string }[] = [
  { speed: 0.25, label: "¼×" },
  { speed: 0.5, label: "½×" },
  { speed: 1, label: "1×" },
];

export function RunControls({ disabled }: { disabled: boolean }) {
  const state = useLabRun((view) => view.state);
  const { send: act, refusal } = useLabCommand();
  if (!state) return null;
  const { run, paused, speed, stepMessages, questions } = state;
  const running = run?.phase === "running";
  const asking = run?.question?.open === true;
  return (
    <fieldset className="run-controls" aria-label="Run controls">
      <button
        type="button"
        disabled={disabled}
        aria-pressed={paused}
        onClick={() => void act(paused ? "resume" : "pause")}
      >
        {paused ? "Resume" : "Pause"}
      </button>
      <button
        type="button"
        disabled={disabled || !running || (!paused && !asking)}
        onClick={() => void act("next")}
      >
        Next step
      </button>
      <label>
        Speed
        <select
          disabled={disabled}
          value={String(speed)}
          onChange={(event) => void act("speed", { speed: Number(event.target.value) })}
        >
          {speeds.map((option) => (
            <option key={option.speed} value={String(option.speed)}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      {running && (
        <button type="button" disabled={disabled} onClick={() => void act("stop")}>
          Stop
        </button>
      )}
      <label>
        <input
          type="checkbox"
          disabled={disabled}
          checked={stepMessages}
          onChange={(event) => void act("stepMessages", { on: event.target.checked })}
        />
        Step messages
      </label>
      <label>
        <input
          type="checkbox"
          disabled={disabled}
          checked={questions}
          onChange={(event) => void act("questions", { on: event.target.checked })}
        />
        Ask questions
      </label>
      {paused && <span className="run-paused">Paused: links frozen</span>}
      {refusal && (
        <p className="error" role="alert">
          {refusal}
        </p>
      )}
    </fieldset>
  );
}
