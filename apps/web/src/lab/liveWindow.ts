/**
 * The live window: each replica keeps its newest events in full detail, and the oldest scroll out
 * into the judged history (the incremental checker fed with them) in chunks, so memory stays
 * bounded and the verdict still covers the whole run. Only events that follow on from what is
 * judged scroll out: a gap (history not fetched yet) holds the window open until it is filled.
 */
import type { JournalEvent, ReplicaId } from "@causal-kv/core";
import { emptyHistory, type JudgedHistory } from "../trace/judgedHistory";

/** Per replica; enough for any classroom scenario many times over, small enough to lay out often. */
export const defaultWindowEvents = 1000;

/**
 * A window this full is a busy run: its panels, journal, diagram and verdict move on together, at
 * most every 750 ms, instead of every frame. Each such render of the page takes tens of ms on a
 * loaded machine; apart (panels every 400 ms, the journal every 1000 ms) they made 3.5 slow frames a
 * second, one frame in twelve, and the page stuttered; together they make one in forty, while what
 * the page shows stays within a second of the replicas. A classroom run stays at one of each per
 * animation frame.
 */
const busyEvents = 1200;
const busyRenderMs = 750;

/**
 * How long after the page last moved on it may move on again, holding `held` events in all: its
 * panels and its journal alike (0: the next frame).
 */
export function renderPaceMs(held: number): number {
  return held > busyEvents ? busyRenderMs : 0;
}

export interface Windowed {
  readonly id: ReplicaId;
  readonly events: readonly JournalEvent[];
}

/**
 * Takes each journal past `windowEvents` by a quarter back to `windowEvents`, feeding what leaves
 * into a copy of the history (one copy however many replicas trim). Unchanged journals keep their
 * identity; with nothing to trim, the same history comes back.
 */
export function scrollOut<T extends Windowed>(
  views: readonly T[],
  history: JudgedHistory,
  windowEvents: number,
): { views: T[]; history: JudgedHistory } {
  const slack = Math.max(1, Math.floor(windowEvents / 4));
  let next: { checker: JudgedHistory["checker"]; through: Record<ReplicaId, number> } | undefined;
  const trimmed = views.map((view) => {
    const { events } = view;
    if (events.length <= windowEvents + slack) return view;
    const through = history.through[view.id] ?? 0;
    const leaving = followingRun(events, through, events.length - windowEvents);
    if (leaving === 0) return view;
    next ??= { checker: history.checker.clone(), through: { ...history.through } };
    next.checker.feed(view.id, events.slice(0, leaving));
    next.through[view.id] = events[leaving - 1]?.seq ?? through;
    return { ...view, events: events.slice(leaving) };
  });
  return { views: trimmed, history: next ?? history };
}

/**
 * A history for when `reset`'s journal starts again: the others' scrolled-out events are gone, so
 * judging starts over from what each holds now (a lab reset resets them all in a moment anyway).
 */
export function restartedHistory(
  views: readonly Windowed[],
  old: JudgedHistory,
  reset: ReplicaId,
): JudgedHistory {
  const history = emptyHistory(views.map((view) => view.id));
  const through: Record<ReplicaId, number> = {};
  for (const { id, events } of views)
    through[id] = id === reset || !old.through[id] ? 0 : Math.max(0, (events[0]?.seq ?? 1) - 1);
  return { checker: history.checker, through };
}

/** Events already judged are not taken back into the window (a late page of missed history). */
export function unjudgedOnly(
  events: readonly JournalEvent[],
  history: JudgedHistory,
  id: ReplicaId,
): readonly JournalEvent[] {
  const through = history.through[id] ?? 0;
  return through === 0 ? events : events.filter((event) => event.seq > through);
}

/** How many of the first `most` events run on, seq by seq, from `through`. */
function followingRun(events: readonly JournalEvent[], through: number, most: number): number {
  let count = 0;
  let expected = through + 1;
  while (count < most && events[count]?.seq === expected) {
    count++;
    expected++;
  }
  return count;
}

/** Keeps what we had and adds what the snapshot has beyond it, in seq order, without repeats. */
export function mergeEvents(
  had: readonly JournalEvent[],
  incoming: readonly JournalEvent[],
): readonly JournalEvent[] {
  const last = had[had.length - 1]?.seq ?? 0;
  // The common case, a snapshot's tail after what is held: no map, no sort.
  if ((incoming[0]?.seq ?? 0) > last) return had.concat(incoming);
  const bySeq = new Map<number, JournalEvent>();
  for (const event of had) bySeq.set(event.seq, event);
  for (const event of incoming) bySeq.set(event.seq, event);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
