"use client";
/** The diagram's "Time axis" control: happens-before order or real time; the selection stays. */
import { useLab } from "../lab/labStore";
import type { TimeAxis } from "./layoutTrace";

const choices: readonly { axis: TimeAxis; label: string; hint: string }[] = [
  {
    axis: "logical",
    label: "Logical",
    hint: "Events in happens-before order, evenly spaced; concurrent events side by side",
  },
  { axis: "real", label: "Real time", hint: "Events where they happened, in seconds" },
];

export function TimeAxisSwitch() {
  const timeAxis = useLab((lab) => lab.timeAxis);
  const setTimeAxis = useLab((lab) => lab.setTimeAxis);
  return (
    // biome-ignore lint/a11y/useSemanticElements: a toggle pair of buttons, not a form's fieldset
    <div className="time-axis" role="group" aria-label="Time axis">
      <span className="time-axis-label" aria-hidden="true">
        Time axis
      </span>
      {choices.map(({ axis, label, hint }) => (
        <button
          key={axis}
          type="button"
          title={hint}
          aria-pressed={timeAxis === axis}
          onClick={() => setTimeAxis(axis)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
