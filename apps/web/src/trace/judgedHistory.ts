/**
 * The live run's history that has scrolled out of the window: the incremental checker fed with it,
 * and per replica the last seq fed. The window holds exactly the events after `through`, so the
 * verdict on history plus window is the verdict on the whole run. Never changed once made.
 */
import { IncrementalChecker } from "@causal-kv/checker";
import type { JournalEvent, ReplicaId } from "@causal-kv/core";

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
