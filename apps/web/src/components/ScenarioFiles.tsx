"use client";
/**
 * Scenario files in the lab: "Load scenario" reads a teacher's file (checked here by the same
 * schema as on the server, so its problems are listed by step and field before anything runs)
 * and runs it on the lab server like a built-in one; "Save as scenario" writes what was done by
 * hand since the last reset as a file that replays it.
 */
import type { DeliveryMode } from "@causal-kv/core";
import { readScenarioFile } from "@causal-kv/protocol";
import { scenarioFromHandActions } from "@causal-kv/scenarios";
import { type ChangeEvent, useRef, useState } from "react";
import { useHandRecording } from "../lab/handRecording";
import { useLoadedScenario } from "../lab/loadedScenario";
import { useEndpoints } from "../lab/replicaSelectors";
import { saveFile } from "../lab/saveFile";
import { useLabCommand } from "../lab/useLabCommand";

export function ScenarioFiles({
  watching,
  delivery,
}: {
  watching: boolean;
  delivery: DeliveryMode;
}) {
  const input = useRef<HTMLInputElement>(null);
  const { file, name, load } = useLoadedScenario();
  const actions = useHandRecording((recording) => recording.actions);
  const endpoints = useEndpoints();
  const [problems, setProblems] = useState<{ name: string; list: string[] } | undefined>();
  const { send, refusal } = useLabCommand();

  const read = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    event.target.value = "";
    if (!chosen) return;
    let json: unknown;
    try {
      json = JSON.parse(await chosen.text());
    } catch (error) {
      setProblems({ name: chosen.name, list: [`not JSON: ${(error as Error).message}`] });
      return;
    }
    const result = readScenarioFile(json);
    if (!result.ok) {
      setProblems({ name: chosen.name, list: result.errors });
      return;
    }
    setProblems(undefined);
    load(chosen.name, result.file);
  };

  const save = () => {
    const ids = endpoints.map((endpoint) => endpoint.id);
    const saved = scenarioFromHandActions(actions, ids);
    const text = `${JSON.stringify(saved, null, 2)}\n`;
    saveFile(`${saved.id}.json`, new Blob([text], { type: "application/json" }));
  };

  return (
    <div className="scenario-files">
      <div className="scenario-file-buttons">
        <button type="button" onClick={() => input.current?.click()} disabled={watching}>
          Load scenario…
        </button>
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          aria-label="Load scenario file"
          className="sr-only"
          tabIndex={-1}
          onChange={(event) => void read(event)}
        />
        <button
          type="button"
          onClick={save}
          disabled={actions.length === 0}
          title="Writes what was done by hand since the last reset (links, writes, held messages released) as a scenario file that replays it"
        >
          Save as scenario ({actions.length})
        </button>
      </div>
      {file && (
        <p className="loaded-scenario">
          <span>
            Loaded <strong>{file.title}</strong> from {name}: {file.summary}
          </span>{" "}
          <button
            type="button"
            disabled={watching}
            onClick={() => void send("start", { file, delivery })}
          >
            Run {file.title}
          </button>
        </p>
      )}
      {refusal && (
        <p className="error" role="alert">
          {refusal}
        </p>
      )}
      {problems && (
        <div className="banner down import-failure" role="alert">
          {problems.name} is not a scenario file; nothing was loaded.
          <ul>
            {problems.list.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
          <button type="button" onClick={() => setProblems(undefined)}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
