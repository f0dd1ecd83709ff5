"use client";
/**
 * Runs compared: the session's last runs (live or imported), two of them drawn one above the other
 * on one logical axis with their first divergence ringed and said in a sentence. The last run's
 * scenario can be run causal or naive from here, one click each, and the last two compared.
 */
import type { DeliveryMode } from "@causal-kv/core";
import { useMemo, useState } from "react";
import { ComparedDiagram, logicalSpan } from "../diagram/ComparedDiagram";
import { useLabRun } from "../lab/labRunStore";
import { startRequestFor } from "../lab/loadedScenario";
import { type KeptRun, useRunHistory } from "../lab/runHistory";
import { useLabCommand } from "../lab/useLabCommand";
import { eventId } from "../trace/eventId";
import { firstDivergence } from "../trace/firstDivergence";

export function RunsCompared({ watching }: { watching: boolean }) {
  const runs = useRunHistory((history) => history.runs);
  const run = useLabRun((view) => view.state?.run);
  const { send, refusal } = useLabCommand();
  const [picked, setPicked] = useState<{ a: number; b: number } | undefined>();
  const [shown, setShown] = useState<{ a: number; b: number } | undefined>();
  const running = run?.phase === "running";

  const last = runs.at(-1);
  const before = runs.at(-2);
  const a = picked?.a ?? before?.id;
  const b = picked?.b ?? last?.id;
  const runAgain = (delivery: DeliveryMode) => {
    const request = run && startRequestFor(run.scenario, delivery);
    if (request) void send("start", request);
  };
  const compare = () => {
    if (a !== undefined && b !== undefined) setShown({ a, b });
  };
  const first = runs.find((kept) => kept.id === shown?.a);
  const second = runs.find((kept) => kept.id === shown?.b);

  return (
    // Folded until asked for: the diagram keeps the screen's height (a class sees the run first).
    <details className="runs-compared" aria-label="Runs compared">
      <summary>Runs compared ({runs.length} kept)</summary>
      {run && !running && (
        <p className="run-again">
          {(["causal", "naive"] as const).map((delivery) => (
            <button
              key={delivery}
              type="button"
              disabled={watching}
              onClick={() => runAgain(delivery)}
            >
              Run {run.scenario.title} {delivery}
            </button>
          ))}
        </p>
      )}
      {runs.length < 2 ? (
        <p className="hint">
          Runs of this session are kept as they end (and traces as they are imported): run a
          scenario causal, then naive, to compare them.
        </p>
      ) : (
        <div className="compare-pick">
          <RunSelect
            label="Above"
            runs={runs}
            value={a}
            onChange={(id) => setPicked({ a: id, b: b ?? id })}
          />
          <RunSelect
            label="Below"
            runs={runs}
            value={b}
            onChange={(id) => setPicked({ a: a ?? id, b: id })}
          />
          <button type="button" onClick={compare}>
            Compare
          </button>
        </div>
      )}
      {refusal && (
        <p className="error" role="alert">
          {refusal}
        </p>
      )}
      {first && second && <Comparison first={first} second={second} />}
    </details>
  );
}

function Comparison({ first, second }: { first: KeptRun; second: KeptRun }) {
  const result = useMemo(() => {
    const divergence = firstDivergence(
      { name: first.name, ...first.trace },
      { name: second.name, ...second.trace },
    );
    const markOf = (kept: KeptRun, index: number | undefined) => {
      const event =
        divergence && index !== undefined
          ? kept.trace.journals[divergence.replica]?.[index]
          : undefined;
      return event ? eventId(event) : undefined;
    };
    return {
      divergence,
      marks: [markOf(first, divergence?.a), markOf(second, divergence?.b)],
      columns: Math.max(logicalSpan(first.trace), logicalSpan(second.trace)),
    };
  }, [first, second]);
  return (
    <div className="comparison">
      <p className="divergence" role="status">
        {result.divergence
          ? `First divergence: ${result.divergence.sentence}.`
          : "These two runs did the same with every write: no divergence."}
      </p>
      <ComparedDiagram
        title={first.label}
        trace={first.trace}
        columns={result.columns}
        divergence={result.marks[0]}
      />
      <ComparedDiagram
        title={second.label}
        trace={second.trace}
        columns={result.columns}
        divergence={result.marks[1]}
      />
    </div>
  );
}

function RunSelect({
  label,
  runs,
  value,
  onChange,
}: {
  label: string;
  runs: readonly KeptRun[];
  value: number | undefined;
  onChange: (id: number) => void;
}) {
  return (
    <label>
      {label}
      <select value={value ?? ""} onChange={(event) => onChange(Number(event.target.value))}>
        {runs.map((kept) => (
          <option key={kept.id} value={kept.id}>
            {kept.label}
          </option>
        ))}
      </select>
    </label>
  );
}
