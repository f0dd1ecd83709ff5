/**
 * Pure geometry of the space-time diagram, in data units (lane index, milliseconds): one lane per
 * replica, a mark per journal event, an arrow from each send to each delivery of that write, and a
 * bar for every stay in a causal buffer. The component only scales and draws this.
 */
import {
  compareReplicaIds,
  type JournalEvent,
  type JournalEventType,
  type ReplicaId,
  type WriteId,
  writeId,
} from "@causal-kv/core";
import { eventId } from "../trace/eventId";

export interface DiagramMark {
  /** Its event's id in the trace (`node2#14`). */
  readonly id: string;
  readonly lane: number;
  readonly time: number;
  readonly type: JournalEventType;
  readonly event: JournalEvent;
  readonly write?: WriteId;
  /** Position in `TraceLayout.marks`. */
  readonly index: number;
}

export interface DiagramArrow {
  readonly write: WriteId;
  readonly from: DiagramMark;
  /** The delivery; absent while the write is still on its way (drawn to "now"). */
  readonly to?: DiagramMark;
  readonly toLane: number;
}

export interface BufferBar {
  readonly write: WriteId;
  readonly lane: number;
  readonly start: number;
  /** Absent while the write is still buffered. */
  readonly end?: number;
}

export interface TraceLayout {
  readonly lanes: readonly ReplicaId[];
  /** Sorted by time. */
  readonly marks: readonly DiagramMark[];
  readonly arrows: readonly DiagramArrow[];
  readonly bars: readonly BufferBar[];
  readonly start: number;
  readonly end: number;
}

export function layoutTrace(
  replicas: readonly ReplicaId[],
  events: readonly JournalEvent[],
): TraceLayout {
  const lanes = [...replicas].sort(compareReplicaIds);
  const laneOf = new Map(lanes.map((id, index) => [id, index]));
  const unsorted: Omit<DiagramMark, "index">[] = [];
  for (const event of events) {
    const lane = laneOf.get(event.replica);
    if (lane === undefined) continue;
    const write = "message" in event ? writeId(event.message) : undefined;
    unsorted.push({ id: eventId(event), lane, time: event.time, type: event.type, event, write });
  }
  unsorted.sort((a, b) => a.time - b.time || a.lane - b.lane || a.event.seq - b.event.seq);
  const marks: DiagramMark[] = unsorted.map((mark, index) => ({ ...mark, index }));

  const sends = new Map<WriteId, DiagramMark>();
  const delivered = new Map<string, DiagramMark>();
  const buffered = new Map<string, DiagramMark>();
  const bars: BufferBar[] = [];
  for (const mark of marks) {
    if (!mark.write) continue;
    const at = `${mark.write}@${mark.lane}`;
    if (mark.type === "send") sends.set(mark.write, mark);
    else if (mark.type === "deliver") {
      delivered.set(at, mark);
      const wait = buffered.get(at);
      if (wait) {
        bars.push({ write: mark.write, lane: mark.lane, start: wait.time, end: mark.time });
        buffered.delete(at);
      }
    } else if (mark.type === "buffer") buffered.set(at, mark);
  }
  for (const wait of buffered.values()) {
    if (wait.write) bars.push({ write: wait.write, lane: wait.lane, start: wait.time });
  }

  const arrows: DiagramArrow[] = [];
  for (const send of sends.values()) {
    if (send.event.type !== "send" || !send.write) continue;
    for (const peer of send.event.to) {
      const toLane = laneOf.get(peer);
      if (toLane === undefined) continue;
      const to = delivered.get(`${send.write}@${toLane}`);
      arrows.push(
        to
          ? { write: send.write, from: send, to, toLane }
          : { write: send.write, from: send, toLane },
      );
    }
  }

  const first = marks[0];
  const last = marks[marks.length - 1];
  return {
    lanes,
    marks,
    arrows,
    bars,
    start: first?.time ?? 0,
    end: last?.time ?? 0,
  };
}

/** The marks within [from, to] (inclusive), found by binary search on the time-sorted marks. */
export function marksBetween(
  layout: TraceLayout,
  from: number,
  to: number,
): readonly DiagramMark[] {
  const [start, end] = markRange(layout, from, to);
  return layout.marks.slice(start, end);
}

/** The index range [start, end) of the marks within [from, to] (inclusive). */
export function markRange(layout: TraceLayout, from: number, to: number): [number, number] {
  const firstAtOrAfter = (time: number): number => {
    let lo = 0;
    let hi = layout.marks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((layout.marks[mid]?.time ?? 0) < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let end = firstAtOrAfter(to);
  while (end < layout.marks.length && layout.marks[end]?.time === to) end++;
  return [firstAtOrAfter(from), end];
}
