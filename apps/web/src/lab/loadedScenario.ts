/**
 * The scenario file this browser loaded ("Load scenario"), kept so it can be run again, causal
 * or naive, as the built-in scenarios are: the server runs the file it is sent each time.
 */
import type { DeliveryMode } from "@causal-kv/core";
import type { LabRun, ScenarioFile, StartRun } from "@causal-kv/protocol";
import { create } from "zustand";

interface LoadedScenario {
  readonly file: ScenarioFile | undefined;
  readonly name: string | undefined;
  load(name: string, file: ScenarioFile): void;
}

export const useLoadedScenario = create<LoadedScenario>()((set) => ({
  file: undefined,
  name: undefined,
  load: (name, file) => set({ name, file }),
}));

/** What `start` sends to run a run's scenario again: the catalog's by id, a loaded file whole. */
export function startRequestFor(
  scenario: LabRun["scenario"],
  delivery: DeliveryMode,
): StartRun | undefined {
  if (!scenario.fromFile) return { scenario: scenario.id, delivery };
  const { file } = useLoadedScenario.getState();
  return file?.id === scenario.id ? { file, delivery } : undefined;
}
