/**
 * The last runs of this session, live or imported, kept whole so two can be compared: a live run
 * is kept once it has ended and its journals have caught up, an imported trace as it is shown.
 * Only the last few are kept; each keeps its own journals, however the live view moves on.
 */
import type { Trace } from "@causal-kv/checker";
import type { DeliveryMode } from "@causal-kv/core";
import { create } from "zustand";

export const keptRunsLimit = 6;

export interface KeptRun {
  /** Unique in the session, in the order kept. */
  readonly id: number;
  /** "Causal chain, naive (run 4)", or an imported file's name. */
  readonly label: string;
  /** What a comparison calls it: the run's delivery mode, or its label. */
  readonly name: string;
  readonly trace: Trace;
  /** The lab's run number, for a live run. */
  readonly run?: number;
  readonly delivery?: DeliveryMode;
}

interface RunHistory {
  readonly runs: readonly KeptRun[];
  keep(run: Omit<KeptRun, "id">): void;
}

let kept = 0;

export const useRunHistory = create<RunHistory>()((set) => ({
  runs: [],
  keep: (run) =>
    set(({ runs }) => {
      if (run.run !== undefined && runs.some((known) => known.run === run.run)) return { runs };
      return { runs: [...runs, { ...run, id: ++kept }].slice(-keptRunsLimit) };
    }),
}));
