/**
 * Pure geometry of the space-time diagram, in data units (lane index, position on the time axis):
 * one lane per replica, a mark per journal event, an arrow from each send to where the message
 * arrived, and a bar for every wait in a causal buffer, from arrival to delivery. On the logical
 * axis a position is a happens-before column (see logicalColumns); on the real one, milliseconds.
 * Marks are sorted by position, so a window of the axis is found by binary search (markRange).
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
import { LogicalColumns } from "./logicalColumns";
import { byColumn, byTime } from "./markOrder";
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
  /**
   * Whether it carries its send's label on its side: a send's arrows all carry one write, so only
   * the nearest lane's above and below it (and the nearest still on its way) are labelled.
   */
  readonly labelled: boolean;
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
  /** The index in `marks` of the mark with this id (`node2#14`). */
  readonly indexOf: (id: string) => number | undefined;
  /** On the logical axis, the columns it placed: a later layout of the grown journals goes on from them. */
  readonly columns?: LogicalColumns;
}

const arrivalTypes = new Set<JournalEventType>(["receive", "buffer", "deliver", "duplicate"]);

/**
 * The trace laid out on one axis. On the logical one, `columns` (a previous layout's, when the
 * journals only grew since) places just the new events; the layout says which it used.
 */
export function layoutTrace(
  replicas: readonly ReplicaId[],
  events: readonly JournalEvent[],
  axis: TimeAxis = "real",
  columns?: LogicalColumns,
): TraceLayout {
  const lanes = [...replicas].sort(compareReplicaIds);
  const laneOf = new Map(lanes.map((id, index) => [id, index]));
  // Each lane's events in journal order.
  const byLane: JournalEvent[][] = lanes.map(() => []);
  for (const event of events) {
    const lane = laneOf.get(event.replica);
    if (lane !== undefined) byLane[lane]?.push(event);
  }
  for (const list of byLane) {
    if (list.some((event, k) => k > 0 && (list[k - 1]?.seq ?? 0) > event.seq))
      list.sort((a, b) => a.seq - b.seq);
  }
  let placed: LogicalColumns | undefined;
  if (axis === "logical") {
    placed = columns?.lanes === lanes.length && columns.place(byLane) ? columns : undefined;
    if (!placed) {
      placed = new LogicalColumns(lanes.length);
      placed.place(byLane);
      let lowest = Number.POSITIVE_INFINITY;
      byLane.forEach((list, lane) => {
        const first = list[0] && placed?.column(lane, list[0].seq);
        if (first !== undefined) lowest = Math.min(lowest, first);
      });
      if (columns?.lanes === lanes.length && lowest < Number.POSITIVE_INFINITY)
        placed.alignWith(columns, lowest);
    }
  }
  const logical = placed;
  const order = logical ? byColumn(byLane, logical) : byTime(byLane);
  const marks: DiagramMark[] = new Array(order.length);
  const lanesPerKey = Math.max(lanes.length, 1);
  const markOf = byLane.map((list) => new Array<DiagramMark>(list.length));
  for (let index = 0; index < order.length; index++) {
    const at = order[index] ?? 0;
    const lane = at % lanesPerKey;
    const k = Math.floor(at / lanesPerKey);
    const event = byLane[lane]?.[k];
    if (!event) continue;
    const mark: DiagramMark = {
      id: eventId(event),
      lane,
      time: event.time,
      x: logical ? (logical.column(lane, event.seq) ?? 0) : event.time,
      type: event.type,
      event,
      write: "message" in event ? writeId(event.message) : undefined,
      index,
    };
    marks[index] = mark;
    const row = markOf[lane];
    if (row) row[k] = mark;
  }

  const sends = new Map<WriteId, DiagramMark>();
  const arrived = new Map<string, DiagramMark>();
  const bars: BufferBar[] = [];
  const waiting = new Map<string, DiagramMark>();
  // In journal order per lane, so an arrival comes before the buffering and delivery it causes.
  for (const row of markOf) {
    for (const mark of row) {
      if (!mark?.write) continue;
      if (mark.type === "send") {
        sends.set(mark.write, mark);
        continue;
      }
      if (!arrivalTypes.has(mark.type)) continue;
      const at = `${mark.write}@${mark.lane}`;
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
  }
  for (const wait of waiting.values()) {
    if (wait.write) bars.push({ write: wait.write, lane: wait.lane, start: wait.x });
  }

  const arrows: DiagramArrow[] = [];
  for (const send of sends.values()) {
    if (send.event.type !== "send" || !send.write) continue;
    const label = writeLabel(send.event.message);
    const from = arrows.length;
    for (const peer of send.event.to) {
      const toLane = laneOf.get(peer);
      if (toLane === undefined) continue;
      const to = arrived.get(`${send.write}@${toLane}`);
      const base = { write: send.write, label, from: send, toLane, labelled: false };
      arrows.push(to ? { ...base, to } : base);
    }
    labelNearest(arrows, from);
  }

  let start = marks[0]?.time ?? 0;
  let end = marks[marks.length - 1]?.time ?? 0;
  for (const mark of marks) {
    if (mark.time < start) start = mark.time;
    if (mark.time > end) end = mark.time;
  }
  const first = marks[0]?.x ?? 0;
  if (logical) logical.shownFirst = first;
  const last = marks[marks.length - 1]?.x ?? 0;
  let columnAt: ((time: number) => number) | undefined;
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
    // Built on first use: an import draws before anything asks for a moment's column.
    positionAt: logical
      ? (time) => {
          columnAt ??= columnAtTime(marks);
          return columnAt(time);
        }
      : (time) => time,
    indexOf: (id) => {
      const hash = id.lastIndexOf("#");
      const row = markOf[laneOf.get(id.slice(0, hash)) ?? -1];
      const seq = Number(id.slice(hash + 1));
      if (!row || hash < 0) return undefined;
      // A lane's marks are in journal order: find the seq by binary search.
      let lo = 0;
      let hi = row.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((row[mid]?.event.seq ?? 0) < seq) lo = mid + 1;
        else hi = mid;
      }
      const mark = row[lo];
      return mark?.event.seq === seq ? mark.index : undefined;
    },
    ...(logical ? { columns: logical } : {}),
  };
}

/** Marks, among one send's arrows (from `from` on), the nearest of each side and state as labelled. */
function labelNearest(arrows: DiagramArrow[], from: number): void {
  const side = (a: DiagramArrow) => (a.toLane > a.from.lane ? 2 : 0) + (a.to ? 0 : 1);
  const nearest = [Infinity, Infinity, Infinity, Infinity];
  for (let i = from; i < arrows.length; i++) {
    const a = arrows[i];
    if (a) nearest[side(a)] = Math.min(nearest[side(a)] ?? 0, Math.abs(a.toLane - a.from.lane));
  }
  for (let i = from; i < arrows.length; i++) {
    const a = arrows[i];
    if (a && Math.abs(a.toLane - a.from.lane) === nearest[side(a)])
      arrows[i] = { ...a, labelled: true };
  }
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
