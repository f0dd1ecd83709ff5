"use client";
/**
 * Trace files: export the trace shown as JSON (the protocol's trace shape), as a ShiViz log, and the
 * diagram as SVG or PNG; import a JSON trace, which is validated first and changes nothing if bad.
 */
import { type ChangeEvent, useRef, useState } from "react";
import { diagramSvg } from "../diagram/diagramSvg";
import { diagramLaneGap } from "../diagram/SpaceTimeDiagram";
import { useLab } from "../lab/labStore";
import { saveFile, svgToPng } from "../lab/saveFile";
import { layoutOf, verdictOf } from "../lab/traceAnalysis";
import { useDeferredTrace } from "../lab/useTraceAnalysis";
import { shivizLog } from "../trace/shivizLog";
import { parseTraceFile, traceToJson } from "../trace/traceFile";

const exportWidth = 1400;

export function TraceFiles() {
  // A render behind a new trace: the diagram of a large import draws first.
  const trace = useDeferredTrace();
  const { layout } = layoutOf(trace);
  const showImported = useLab((lab) => lab.showImported);
  const [failure, setFailure] = useState<{ name: string; problems: readonly string[] }>();
  const input = useRef<HTMLInputElement>(null);
  const menu = useRef<HTMLDetailsElement>(null);

  const svg = () =>
    diagramSvg(layout, {
      width: exportWidth,
      laneGap: diagramLaneGap(layout.lanes.length),
      violations: verdictOf(trace).causalityViolations,
    });
  const done = () => menu.current?.removeAttribute("open");
  const exports = [
    {
      label: "Export JSON",
      run: async () =>
        saveFile(
          "causal-kv-trace.json",
          new Blob([traceToJson(trace)], { type: "application/json" }),
        ),
    },
    {
      label: "Export ShiViz log",
      hint: "ShiViz collapses runs of local events by default: expand them to see a buffered wait",
      run: async () =>
        saveFile("causal-kv-shiviz.log", new Blob([shivizLog(trace)], { type: "text/plain" })),
    },
    {
      label: "Export SVG",
      run: async () =>
        saveFile("causal-kv-diagram.svg", new Blob([svg()], { type: "image/svg+xml" })),
    },
    {
      label: "Export PNG",
      run: async () => {
        const text = svg();
        const height = Number(/height="(\d+)"/.exec(text)?.[1] ?? 400);
        saveFile("causal-kv-diagram.png", await svgToPng(text, exportWidth, height));
      },
    },
  ];

  const read = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = "";
    if (!file) return;
    // The benchmark times the import from here to the diagram drawn.
    performance.clearMarks("causal-kv:import-start");
    performance.mark("causal-kv:import-start");
    const result = parseTraceFile(await file.text());
    // And from here: the file read and checked, the rest is laying it out and drawing it.
    performance.clearMarks("causal-kv:import-parsed");
    performance.mark("causal-kv:import-parsed");
    if (!result.ok) {
      setFailure({ name: file.name, problems: result.problems });
      return;
    }
    setFailure(undefined);
    showImported({ name: file.name, trace: result.trace, events: result.events });
  };

  return (
    <>
      <details className="trace-files" ref={menu}>
        <summary>Trace files</summary>
        <div className="trace-files-menu">
          {exports.map(({ label, hint, run }) => (
            <button
              key={label}
              type="button"
              title={hint}
              // ShiViz refuses a log without events; an empty diagram says nothing either.
              disabled={layout.marks.length === 0}
              onClick={() => {
                void run().catch((error: unknown) =>
                  setFailure({ name: label, problems: [String(error)] }),
                );
                done();
              }}
            >
              {label}
            </button>
          ))}
          <button type="button" onClick={() => input.current?.click()}>
            Import JSON…
          </button>
          <input
            ref={input}
            type="file"
            accept=".json,application/json"
            aria-label="Import trace file"
            className="sr-only"
            tabIndex={-1}
            onChange={(e) => {
              done();
              void read(e);
            }}
          />
        </div>
      </details>
      {failure && (
        <div className="banner down import-failure" role="alert">
          Could not import {failure.name}; nothing was changed.
          <ul>
            {failure.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
          <button type="button" onClick={() => setFailure(undefined)}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}

/** While an imported trace is shown: what it is, and the way back to the live run. */
export function ImportedBanner() {
  const imported = useLab((lab) => lab.imported);
  const showImported = useLab((lab) => lab.showImported);
  if (!imported) return null;
  return (
    <div className="banner imported" role="status">
      Showing imported trace <strong>{imported.name}</strong>: {imported.events} events from{" "}
      {imported.trace.replicas.join(", ")}.{" "}
      <button type="button" onClick={() => showImported(undefined)}>
        Back to live
      </button>
    </div>
  );
}
