/**
 * What the dashboard derives from one trace, each part computed once per trace (cached on its
 * identity) and only when asked: the layout at once, event clocks when an event is focused, the
 * checker's verdict after the diagram is drawn. So a large import draws before it is judged.
 */
import type { Trace } from "@causal-kv/checker";
import { layoutTrace, type TraceLayout } from "../diagram/layoutTrace";
import { type ClockedEvent, eventClocks } from "../trace/eventClocks";
import { judgeLab, type LabVerdict } from "../trace/labVerdict";

export interface TraceView {
  readonly trace: Trace;
  readonly layout: TraceLayout;
  /** A mark's index in `layout.marks`, by mark id. */
  readonly markIndex: ReadonlyMap<string, number>;
}

const layouts = new WeakMap<Trace, TraceView>();
const clocks = new WeakMap<Trace, readonly ClockedEvent[]>();
const verdicts = new WeakMap<Trace, LabVerdict>();

export function layoutOf(trace: Trace): TraceView {
  let view = layouts.get(trace);
  if (!view) {
    const layout = layoutTrace(
      trace.replicas,
      trace.replicas.flatMap((r) => trace.journals[r] ?? []),
    );
    const markIndex = new Map(layout.marks.map((mark) => [mark.id, mark.index]));
    view = { trace, layout, markIndex };
    layouts.set(trace, view);
  }
  return view;
}

/** The event clock of each of the layout's marks, in the same order. */
export function clocksOf(trace: Trace): readonly ClockedEvent[] {
  let list = clocks.get(trace);
  if (!list) {
    const byId = new Map(eventClocks(trace, "arrival").map((c) => [c.id, c]));
    list = layoutOf(trace).layout.marks.map(
      (mark) =>
        byId.get(mark.id) ?? {
          id: mark.id,
          replica: mark.event.replica,
          event: mark.event,
          clock: {},
        },
    );
    clocks.set(trace, list);
  }
  return list;
}

export function verdictOf(trace: Trace): LabVerdict {
  let verdict = verdicts.get(trace);
  if (!verdict) {
    verdict = judgeLab(trace);
    verdicts.set(trace, verdict);
  }
  return verdict;
}
