/**
 * The live run's history that has scrolled out of the window: the incremental checker fed with it,
 * and per replica the last seq fed. The window holds exactly the events after `through`, so the
 * verdict on history plus window is the verdict on the whole run. Never changed once made.
 */
import { IncrementalChecker, type Trace } from "@causal-kv/checker";
import type { JournalEvent, ReplayStart, ReplicaId } from "@causal-kv/core";

export interface JudgedHistory {
  readonly checker: IncrementalChecker;
  /** Per replica, the last seq the checker was fed (0: none). */
  readonly through: Readonly<Record<ReplicaId, number>>;
}

export function emptyHistory(replicas: readonly ReplicaId[]): JudgedHistory {
  return {
    checker: new IncrementalChecker(replicas),
    through: Object.fromEntries(replicas.map((id) => [id, 0])),
  };
}

/** Each replica's events beyond what the history's checker has been fed, oldest first. */
export function unjudged(
  history: JudgedHistory,
  replica: ReplicaId,
  events: readonly JournalEvent[],
): readonly JournalEvent[] {
  const through = history.through[replica] ?? 0;
  if (events.length === 0 || (events[0]?.seq ?? 0) > through) return events;
  const at = events.findIndex((event) => event.seq > through);
  return at < 0 ? [] : events.slice(at);
}

/**
 * Where each journal of `trace` starts from: the history's fold for a journal that begins right
 * after it. A journal with earlier events loaded in front starts before the fold and gets none:
 * its replay begins from an empty replica (the state before a loaded page is not kept).
 */
export function journalStarts(
  history: JudgedHistory,
  trace: Trace,
): Record<ReplicaId, ReplayStart> {
  const starts: Record<ReplicaId, ReplayStart> = {};
  for (const replica of trace.replicas) {
    const through = history.through[replica] ?? 0;
    const first = trace.journals[replica]?.[0]?.seq;
    if (through > 0 && first === through + 1) starts[replica] = history.checker.foldOf(replica);
  }
  return starts;
}
