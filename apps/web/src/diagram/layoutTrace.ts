/**
 * Pure geometry of the space-time diagram, in data units (lane index, position on the time axis):
 * one lane per replica, a mark per journal event, an arrow from each send to where the message
 * arrived, and a bar for every wait in a causal buffer, from arrival to delivery. On the logical
 * axis a position is a happens-before column (see logicalColumns); on the real one, milliseconds.
 * Marks are sorted by position, so a window of the axis is found by binary search.
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
import { logicalColumns } from "./logicalColumns";
import { writeLabel } from "./writeLabel";

export type TimeAxis = "logical" | "real";

export interface DiagramMark {
  /** Its event's id in the trace (`node2#14`). */
  readonly id: string;
  readonly lane: number;
  /** The event's time in ms, whatever the axis. */
  readonly time: number;
  /** Its position on the layout's axis. */
  readonly x: number;
  readonly type: JournalEventType;
  readonly event: JournalEvent;
  readonly write?: WriteId;
  /** Position in `TraceLayout.marks`. */
  readonly index: number;
}

export interface DiagramArrow {
  readonly write: WriteId;
  /** `x=1`: what the message carries, short enough to sit on the arrow. */
  readonly label: string;
  readonly from: DiagramMark;
  /** Where the message arrived; absent while it is still on its way (drawn toward "now"). */
  readonly to?: DiagramMark;
  readonly toLane: number;
}

/** A message's wait in a causal buffer, from its arrival to its delivery (open while it waits). */
export interface BufferBar {
  readonly write: WriteId;
  readonly lane: number;
  readonly start: number;
  readonly end?: number;
}

export interface TraceLayout {
  readonly axis: TimeAxis;
  readonly lanes: readonly ReplicaId[];
  /** Sorted by position (then lane, then journal order). */
  readonly marks: readonly DiagramMark[];
  readonly arrows: readonly DiagramArrow[];
  readonly bars: readonly BufferBar[];
  /** The first and last event's time, in ms. */
  readonly start: number;
  readonly end: number;
  /** The first and last mark's position on the axis. */
  readonly first: number;
  readonly last: number;
  /** Where what has not happened yet (a message in flight, a wait still open) is drawn to. */
  readonly now: number;
  /** The axis position of a moment in ms (clients' requests, the replay cursor). */
  readonly positionAt: (time: number) => number;
}

const arrivalTypes = new Set<JournalEventType>(["receive", "buffer", "deliver", "duplicate"]);

export function layoutTrace(
  replicas: readonly ReplicaId[],
  events: readonly JournalEvent[],
  axis: TimeAxis = "real",
): TraceLayout {
  const lanes = [...replicas].sort(compareReplicaIds);
  const laneOf = new Map(lanes.map((id, index) => [id, index]));
  // Objects of one shape, made once: a large trace is laid out on every import.
  const placed: { lane: number; event: JournalEvent; write: WriteId | undefined }[] = [];
  for (const event of events) {
    const lane = laneOf.get(event.replica);
    if (lane === undefined) continue;
    placed.push({ lane, event, write: "message" in event ? writeId(event.message) : undefined });
  }
  const columns = axis === "logical" ? logicalColumns(placed, lanes.length) : undefined;
  const xs = Float64Array.from(placed, (p, i) => (columns ? (columns[i] ?? 0) : p.event.time));
  const ties = (a: number, b: number) => {
    const pa = placed[a];
    const pb = placed[b];
    if (!pa || !pb) return 0;
    return pa.event.time - pb.event.time || pa.lane - pb.lane || pa.event.seq - pb.event.seq;
  };
  const order = columns
    ? byColumn(columns, ties)
    : Array.from(placed.keys()).sort((a, b) => (xs[a] ?? 0) - (xs[b] ?? 0) || ties(a, b));
  const marks: DiagramMark[] = [];
  for (const i of order) {
    const p = placed[i];
    if (!p) continue;
    const { lane, event, write } = p;
    marks.push({
      id: eventId(event),
      lane,
      time: event.time,
      x: xs[i] ?? 0,
      type: event.type,
      event,
      write,
      index: marks.length,
    });
  }

  const sends = new Map<WriteId, DiagramMark>();
  const arrived = new Map<string, DiagramMark>();
  const bars: BufferBar[] = [];
  const waiting = new Map<string, DiagramMark>();
  // In journal order per lane, so an arrival comes before the buffering and delivery it causes.
  const journalOrder = [...marks].sort((a, b) => a.lane - b.lane || a.event.seq - b.event.seq);
  for (const mark of journalOrder) {
    if (!mark.write) continue;
    const at = `${mark.write}@${mark.lane}`;
    if (mark.type === "send") sends.set(mark.write, mark);
    if (!arrivalTypes.has(mark.type)) continue;
    const arrival = arrived.get(at);
    if (!arrival) arrived.set(at, mark);
    if (mark.type === "buffer") waiting.set(at, arrival ?? mark);
    else if (mark.type === "deliver" || mark.type === "duplicate") {
      const wait = waiting.get(at);
      if (wait) {
        bars.push({ write: mark.write, lane: mark.lane, start: wait.x, end: mark.x });
        waiting.delete(at);
      }
    }
  }
  for (const wait of waiting.values()) {
    if (wait.write) bars.push({ write: wait.write, lane: wait.lane, start: wait.x });
  }

  const arrows: DiagramArrow[] = [];
  for (const send of sends.values()) {
    if (send.event.type !== "send" || !send.write) continue;
    const label = writeLabel(send.event.message);
    for (const peer of send.event.to) {
      const toLane = laneOf.get(peer);
      if (toLane === undefined) continue;
      const to = arrived.get(`${send.write}@${toLane}`);
      const base = { write: send.write, label, from: send, toLane };
      arrows.push(to ? { ...base, to } : base);
    }
  }

  const firstMark = marks[0];
  const lastMark = marks[marks.length - 1];
  const start = placed.reduce((t, p) => Math.min(t, p.event.time), firstMark?.time ?? 0);
  const end = placed.reduce((t, p) => Math.max(t, p.event.time), lastMark?.time ?? 0);
  const first = firstMark?.x ?? 0;
  const last = lastMark?.x ?? 0;
  return {
    axis,
    lanes,
    marks,
    arrows,
    bars,
    start,
    end,
    first,
    last,
    now: axis === "logical" ? last + 1 : end,
    positionAt: axis === "logical" ? columnAtTime(marks) : (time) => time,
  };
}

/**
 * On the logical axis, a moment's position: just right of the furthest column any event at or
 * before it reached, so a cursor or a request at that moment falls after everything that happened.
 */
function columnAtTime(marks: readonly DiagramMark[]): (time: number) => number {
  const byTime = [...marks].sort((a, b) => a.time - b.time);
  const times = Float64Array.from(byTime, (m) => m.time);
  const reach = new Float64Array(byTime.length);
  let furthest = -1;
  for (const [i, mark] of byTime.entries()) {
    furthest = Math.max(furthest, mark.x);
    reach[i] = furthest;
  }
  return (time) => {
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((times[mid] ?? 0) <= time) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? -0.5 : (reach[lo - 1] ?? 0) + 0.5;
  };
}

/** The marks within [from, to] of the axis (inclusive), found by binary search. */
export function marksBetween(
  layout: TraceLayout,
  from: number,
  to: number,
): readonly DiagramMark[] {
  const [start, end] = markRange(layout, from, to);
  return layout.marks.slice(start, end);
}

/** The index range [start, end) of the marks within [from, to] of the axis (inclusive). */
export function markRange(layout: TraceLayout, from: number, to: number): [number, number] {
  const firstAtOrAfter = (x: number): number => {
    let lo = 0;
    let hi = layout.marks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((layout.marks[mid]?.x ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let end = firstAtOrAfter(to);
  while (end < layout.marks.length && layout.marks[end]?.x === to) end++;
  return [firstAtOrAfter(from), end];
}

/**
 * Indexes in column order, ties by `ties`: a counting sort, since columns are small whole numbers
 * and few events share one (a 100,000-event trace's comparison sort took most of its layout).
 */
function byColumn(columns: Int32Array, ties: (a: number, b: number) => number): number[] {
  let last = 0;
  for (const column of columns) if (column > last) last = column;
  const starts = new Int32Array(last + 2);
  for (const column of columns) starts[column + 1] = (starts[column + 1] ?? 0) + 1;
  for (let c = 1; c < starts.length; c++) starts[c] = (starts[c] ?? 0) + (starts[c - 1] ?? 0);
  const order = new Array<number>(columns.length);
  const fill = starts.slice(0, last + 1);
  columns.forEach((column, i) => {
    const at = fill[column] ?? 0;
    order[at] = i;
    fill[column] = at + 1;
  });
  for (let c = 0; c <= last; c++) {
    const from = starts[c] ?? 0;
    const to = starts[c + 1] ?? 0;
    if (to - from > 1) {
      const bucket = order.slice(from, to).sort(ties);
      for (let k = 0; k < bucket.length; k++) order[from + k] = bucket[k] ?? 0;
    }
  }
  return order;
}
