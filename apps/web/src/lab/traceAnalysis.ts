/**
 * What the dashboard derives from one trace, each part computed once per trace (cached on its
 * identity) and only when asked: the layout at once, event clocks when an event is focused, the
 * checker's verdict after the diagram is drawn. So a large import draws before it is judged.
 */
import type { Trace } from "@causal-kv/checker";
import { layoutTrace, type TimeAxis, type TraceLayout } from "../diagram/layoutTrace";
import type { LogicalColumns } from "../diagram/logicalColumns";
import { type ClockedEvent, eventClocks } from "../trace/eventClocks";
import { judgeLab, type LabVerdict } from "../trace/labVerdict";
import type { LabTrace } from "./useLabTrace";

export interface TraceView {
  readonly trace: Trace;
  readonly layout: TraceLayout;
  /** A mark's index in `layout.marks`, by mark id. */
  readonly markIndex: { get(id: string): number | undefined };
}

/**
 * The last live trace's logical columns: the next live trace, its journals grown (and their oldest
 * events scrolled out), is placed from them, so a live update costs its new events.
 */
let liveColumns: LogicalColumns | undefined;

const layouts = { real: new WeakMap<Trace, TraceView>(), logical: new WeakMap<Trace, TraceView>() };
const traceClocks = new WeakMap<Trace, ReadonlyMap<string, ClockedEvent>>();
const clocks = new WeakMap<TraceView, readonly ClockedEvent[]>();
const verdicts = new WeakMap<Trace, LabVerdict>();

/** The trace laid out on one time axis; real time (events in time order) unless asked. */
export function layoutOf(trace: Trace, axis: TimeAxis = "real"): TraceView {
  let view = layouts[axis].get(trace);
  if (!view) {
    const live = "history" in trace;
    const layout = layoutTrace(
      trace.replicas,
      trace.replicas.flatMap((r) => trace.journals[r] ?? []),
      axis,
      live ? liveColumns : undefined,
    );
    if (live && layout.columns) liveColumns = layout.columns;
    view = { trace, layout, markIndex: { get: layout.indexOf } };
    layouts[axis].set(trace, view);
  }
  return view;
}

/** The event clock of each of the view's marks, in the same order. */
export function clocksOf(view: TraceView): readonly ClockedEvent[] {
  let list = clocks.get(view);
  if (!list) {
    const { trace } = view;
    let byId = traceClocks.get(trace);
    if (!byId) {
      byId = new Map(eventClocks(trace, "arrival").map((c) => [c.id, c]));
      traceClocks.set(trace, byId);
    }
    const found = byId;
    list = view.layout.marks.map(
      (mark) =>
        found.get(mark.id) ?? {
          id: mark.id,
          replica: mark.event.replica,
          event: mark.event,
          clock: {},
        },
    );
    clocks.set(view, list);
  }
  return list;
}

export function verdictOf(trace: LabTrace): LabVerdict {
  let verdict = verdicts.get(trace);
  if (!verdict) {
    verdict = judgeLab(trace, trace.history);
    verdicts.set(trace, verdict);
  }
  return verdict;
}
