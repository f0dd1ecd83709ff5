/**
 * Replay: each replica's clock, store and buffer as they were at a moment of the run, folded from
 * its journal up to that moment by the core's JournalReplay (the fold the live panels use too).
 */
import type { Trace } from "@causal-kv/checker";
import {
  type JournalEvent,
  JournalReplay,
  type ReplayStart,
  type ReplicaId,
} from "@causal-kv/core";
import type { ReplicaState } from "../lab/replicaState";

export function replicaStatesAt(
  trace: Trace,
  time: number,
  /** Per replica, the state its journal starts from here (a live window's judged history). */
  starts: Readonly<Record<ReplicaId, ReplayStart>> = {},
): Record<ReplicaId, ReplicaState> {
  return Object.fromEntries(
    trace.replicas.map((replica) => {
      const start = starts[replica];
      const replay = start ? new JournalReplay(start) : JournalReplay.fresh(trace.replicas);
      return [replica, replay.applyAll(eventsUpTo(trace.journals[replica] ?? [], time)).state()];
    }),
  );
}

/** The journal's events at or before `time` (journals are in time order). */
function eventsUpTo(events: readonly JournalEvent[], time: number): readonly JournalEvent[] {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((events[mid]?.time ?? 0) <= time) lo = mid + 1;
    else hi = mid;
  }
  return events.slice(0, lo);
}

/** Every moment something happened, in order, without repeats: the scrubber's stops. */
export function replayStops(trace: Trace): number[] {
  const times = new Set<number>();
  for (const replica of trace.replicas)
    for (const event of trace.journals[replica] ?? []) times.add(event.time);
  return [...times].sort((a, b) => a - b);
}
