/**
 * What the diagram draws for one view: the layout culled to the visible window of its axis and
 * merged per pixel, so a frame costs at most lanes × pixels × kinds however long the run is. The
 * canvas painter and the SVG export both draw exactly this. An arrow stops at the edge of the mark
 * it reaches, so its head shows; one still on its way stops short of its receiver's lane.
 */
import type { JournalEventType } from "@causal-kv/core";
import { clipSegment } from "./clipSegment";
import { inFlightDash } from "./eventStyle";
import type { TraceLayout } from "./layoutTrace";
import { markRange } from "./markRange";

export interface DiagramView {
  /** The visible window, in the layout's axis units. */
  readonly from: number;
  readonly to: number;
  /** Plot width in px. */
  readonly width: number;
  readonly laneGap: number;
}

/** A mark's part in the causal cone of the focused event: see happensBefore's ConeRole; 4 = no focus. */
export type MarkRole = 0 | 1 | 2 | 3 | 4;
export const noFocus: MarkRole = 4;

export interface ScreenMark {
  readonly x: number;
  readonly y: number;
  readonly type: JournalEventType;
  /** Index in `layout.marks`. */
  readonly index: number;
  readonly role: MarkRole;
}

export interface ScreenArrow {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly inFlight: boolean;
  /** False when a focus exists and the arrow is outside its cone. */
  readonly lit: boolean;
  /** The write it carries (`x=1`) and where it is written; absent where arrows are too dense. */
  readonly label?: ArrowLabel;
}

export interface ArrowLabel {
  readonly text: string;
  /** Between the sender's lane and the next one, so it never sits on a lane in between. */
  readonly x: number;
  readonly y: number;
}

export interface ScreenBar {
  readonly x: number;
  readonly y: number;
  readonly width: number;
}

export interface ScreenGeometry {
  readonly marks: readonly ScreenMark[];
  readonly arrows: readonly ScreenArrow[];
  readonly bars: readonly ScreenBar[];
}

const kinds: readonly JournalEventType[] = [
  "write",
  "send",
  "receive",
  "buffer",
  "deliver",
  "duplicate",
  "mode",
  "restart",
  "catch-up",
];
const kindIndex = new Map(kinds.map((kind, i) => [kind, i]));

export function laneCenter(lane: number, laneGap: number): number {
  return lane * laneGap + laneGap / 2;
}

export function screenGeometry(
  layout: TraceLayout,
  view: DiagramView,
  roles?: Uint8Array,
): ScreenGeometry {
  const span = Math.max(view.to - view.from, 1e-9);
  const x = (t: number) => ((t - view.from) / span) * view.width;
  const roleOf = (index: number | undefined): MarkRole =>
    roles && index !== undefined ? ((roles[index] ?? 0) as MarkRole) : noFocus;
  const now = layout.now;

  const bars: ScreenBar[] = [];
  for (const bar of layout.bars) {
    const end = bar.end ?? now;
    if (end < view.from || bar.start > view.to) continue;
    const x1 = Math.max(x(bar.start), -4);
    const x2 = Math.min(x(end), view.width + 4);
    bars.push({ x: x1, y: laneCenter(bar.lane, view.laneGap) - 16, width: Math.max(x2 - x1, 3) });
  }

  const seenArrows = new Set<string>();
  const arrows: ScreenArrow[] = [];
  // Cut to a little more than the view, so a head at a cut end is out of sight. Arrows whose parts
  // in view cover the same pixels look the same: one is drawn. Messages on their way from sends
  // far back all end at "now" and, cut, lie on nearly one line.
  const clip = (arrow: ScreenArrow) => {
    const left = -offViewPx;
    const right = view.width + offViewPx;
    // Keyed by the part in view; drawn from a whole number of dashes before it.
    const seen = clipSegment(arrow, left, right, 0);
    if (!seen) return;
    const key = `${Math.round(seen.x1)},${Math.round(seen.y1)},${Math.round(seen.x2)},${Math.round(seen.y2)},${seen.inFlight},${seen.lit}`;
    if (seenArrows.has(key)) return;
    seenArrows.add(key);
    const cut = seen === arrow ? arrow : clipSegment(arrow, left, right, dashPeriod);
    if (!cut) return;
    arrows.push(cut);
  };
  for (const arrow of layout.arrows) {
    const end = arrow.to?.x ?? now;
    const fromX = arrow.from.x;
    if (Math.max(fromX, end) < view.from || Math.min(fromX, end) > view.to) continue;
    const x1 = x(fromX);
    const y1 = laneCenter(arrow.from.lane, view.laneGap);
    const xEnd = x(end);
    const yLane = laneCenter(arrow.toLane, view.laneGap);
    const inFlight = arrow.to === undefined;
    let lit = true;
    if (roles) {
      const fromRole = roleOf(arrow.from.index);
      const toRole = arrow.to ? roleOf(arrow.to.index) : fromRole;
      lit = fromRole !== 0 && toRole !== 0;
    }
    // In flight: on its own link, short of the receiver's lane, so it never sits on another lane.
    const yEnd = inFlight
      ? yLane - Math.sign(yLane - y1) * Math.min(view.laneGap * 0.3, 14)
      : yLane;
    const [x2, y2] = inFlight ? [Math.max(xEnd, x1 + 24), yEnd] : pullBack(x1, y1, xEnd, yEnd);
    if (!arrow.labelled) {
      clip({ x1, y1, x2, y2, inFlight, lit });
      continue;
    }
    const distance = Math.abs(arrow.toLane - arrow.from.lane);
    const along = 0.5 / Math.max(distance, 1);
    const [xTo, yTo] = inFlight ? [x2, y2] : [xEnd, yEnd];
    const label = { text: arrow.label, x: x1 + (xTo - x1) * along, y: y1 + (yTo - y1) * along };
    clip({ x1, y1, x2, y2, inFlight, lit, label });
  }
  if (arrows.length > maxLabelledArrows) {
    for (const [i, { label: _, ...bare }] of arrows.entries()) arrows[i] = bare;
  }

  const [start, end] = markRange(layout, view.from, view.to);
  const seenMarks = new Set<number>();
  const marks: ScreenMark[] = [];
  for (let index = start; index < end; index++) {
    const mark = layout.marks[index];
    if (!mark) continue;
    const px = x(mark.x);
    const role = roleOf(index);
    const key =
      ((Math.round(px) + 8) * 64 + mark.lane) * 64 + (kindIndex.get(mark.type) ?? 0) * 5 + role;
    if (seenMarks.has(key)) continue;
    seenMarks.add(key);
    marks.push({ x: px, y: laneCenter(mark.lane, view.laneGap), type: mark.type, index, role });
  }
  return { marks, arrows, bars };
}

/** How far past the view's edges arrows are drawn. */
const offViewPx = 32;
const dashPeriod = inFlightDash[0] + inFlightDash[1];
/** The radius an arrow stops short of, so its head is not under the mark it reaches. */
const markReach = 9;
/** Past this many arrows on screen, labels would cover each other and the marks. */
const maxLabelledArrows = 60;

function pullBack(x1: number, y1: number, x2: number, y2: number): [number, number] {
  const length = Math.hypot(x2 - x1, y2 - y1);
  if (length <= markReach * 2) return [x2, y2];
  const keep = (length - markReach) / length;
  return [x1 + (x2 - x1) * keep, y1 + (y2 - y1) * keep];
}
