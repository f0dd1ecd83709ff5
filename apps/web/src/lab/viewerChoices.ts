/**
 * The lab store's slice of what this viewer is looking at: the chosen and hovered marks, whether
 * the view follows the run, the diagram's axis, an imported trace and the replay moment. None of
 * it changes a replica's view; it only picks what of the runs is shown. A comparison needs a
 * selection: `compared` is set only while `selected` is.
 */
import type { Trace } from "@causal-kv/checker";
import type { JournalEvent, ReplicaId } from "@causal-kv/core";
import type { TimeAxis } from "../diagram/layoutTrace";

/** A trace read from a file, shown instead of the live run until the user goes back to live. */
export interface ImportedTrace {
  readonly name: string;
  readonly trace: Trace;
  readonly events: number;
}

export interface ViewerChoices {
  /** The mark (`node2#14`) whose details are shown. */
  readonly selected: string | undefined;
  /** A second mark, compared with the selected one. */
  readonly compared: string | undefined;
  /** The mark under the pointer or the event list's cursor: its causal cone lights up. */
  readonly hovered: string | undefined;
  readonly follow: boolean;
  /** The diagram's x-axis: happens-before order (logical) or milliseconds (real). */
  readonly timeAxis: TimeAxis;
  readonly imported: ImportedTrace | undefined;
  /** The moment the panels show, in trace time; `undefined` shows the run as it is now. */
  readonly replayAt: number | undefined;
  select(mark: string | undefined): void;
  /** Click semantics: the first pick selects, a second one compares, picking a chosen one unpicks it. */
  pick(mark: string): void;
  hover(mark: string | undefined): void;
  setFollow(follow: boolean): void;
  /** Another axis; the chosen events stay chosen. */
  setTimeAxis(axis: TimeAxis): void;
  showImported(imported: ImportedTrace | undefined): void;
  replay(at: number | undefined): void;
}

/** What the slice's actions set: its own fields, and the store's earlier events, let go of. */
type ViewerChoicesChange = Partial<ViewerChoices> & {
  readonly earlier?: Readonly<Record<ReplicaId, readonly JournalEvent[]>>;
};

/** The lab store's `set`, as the slice uses it (typed here so the slice needs no LabState). */
type SetViewerChoices = (
  change: ViewerChoicesChange | ((state: ViewerChoices) => ViewerChoicesChange),
) => void;

/** The slice's first state and actions, setting the lab store's state through `set`. */
export function viewerChoices(set: SetViewerChoices): ViewerChoices {
  return {
    selected: undefined,
    compared: undefined,
    hovered: undefined,
    follow: true,
    timeAxis: "logical",
    imported: undefined,
    replayAt: undefined,
    select: (selected) => set({ selected, compared: undefined }),
    pick: (mark) =>
      set(({ selected, compared }) => {
        if (selected === undefined) return { selected: mark };
        if (mark === selected) return { selected: compared, compared: undefined };
        if (mark === compared) return { compared: undefined };
        return { compared: mark };
      }),
    hover: (hovered) => set({ hovered }),
    // Following the run again lets go of the earlier events loaded while panned back.
    setFollow: (follow) => set(follow ? { follow, earlier: {} } : { follow }),
    setTimeAxis: (timeAxis) => set({ timeAxis }),
    showImported: (imported) =>
      set({
        imported,
        selected: undefined,
        compared: undefined,
        hovered: undefined,
        replayAt: undefined,
        follow: imported === undefined,
      }),
    replay: (replayAt) => set({ replayAt }),
  };
}
