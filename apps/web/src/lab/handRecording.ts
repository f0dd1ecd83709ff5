/**
 * What this browser did by hand in the lab since the last reset or run, in order: links set,
 * writes and named clients' reads, held messages released or dropped. "Save as scenario" turns it
 * into a scenario file (scenarioFromHandActions); a reset or a new run starts it afresh, since a
 * replay starts from a reset too.
 */
import type { HandAction } from "@causal-kv/scenarios";
import { create } from "zustand";

interface HandRecording {
  readonly actions: readonly HandAction[];
  record(action: HandAction): void;
  clear(): void;
}

export const useHandRecording = create<HandRecording>()((set) => ({
  actions: [],
  record: (action) => set((recording) => ({ actions: [...recording.actions, action] })),
  clear: () => set({ actions: [] }),
}));

export function recordHandAction(action: HandAction): void {
  useHandRecording.getState().record(action);
}
