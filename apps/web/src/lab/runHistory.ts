/**
 * The last runs of this session, live or imported, kept whole so two can be compared: a live run
 * is kept as it ends and again a moment later (its journals' last events stream in after the end),
 * an imported trace as it is shown.
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
      // The same live run again: its journals have caught up since, so it replaces itself.
      const known = run.run === undefined ? undefined : runs.find((k) => k.run === run.run);
      if (known) return { runs: runs.map((k) => (k === known ? { ...run, id: known.id } : k)) };
      return { runs: [...runs, { ...run, id: ++kept }].slice(-keptRunsLimit) };
    }),
}));
