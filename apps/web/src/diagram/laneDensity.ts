/**
 * Where a lane is too busy for a mark per event: counts per pixel column per lane over one view,
 * and which columns are dense (more marks within a mark's width than can be told apart). A dense
 * stretch is drawn as its counts, and the marks and arrows inside it are left out.
 */
import type { TraceLayout } from "./layoutTrace";
import { markRange } from "./markRange";
import type { DiagramView, ScreenGeometry } from "./screenGeometry";

export interface LaneDensity {
  /** Width of one column in px. */
  readonly columnPx: number;
  /** Per lane, the events in each column. */
  readonly counts: readonly Uint32Array[];
  /** Per lane, 1 where the column is part of a dense stretch. */
  readonly dense: readonly Uint8Array[];
  /** The most events in one column of a dense stretch (for the painter's scale). */
  readonly peak: number;
}

/** A mark is about this wide: more than `crowd` events within it cannot be told apart. */
const markWidthPx = 14;
const crowd = 3;

export function laneDensity(layout: TraceLayout, view: DiagramView, columnPx = 2): LaneDensity {
  const columns = Math.max(1, Math.ceil(view.width / columnPx));
  const counts = layout.lanes.map(() => new Uint32Array(columns));
  const span = Math.max(view.to - view.from, 1e-9);
  const [start, end] = markRange(layout, view.from, view.to);
  for (let index = start; index < end; index++) {
    const mark = layout.marks[index];
    const lane = mark && counts[mark.lane];
    if (!mark || !lane) continue;
    // A mark at the view's right edge belongs to its last column.
    const column = Math.min(
      columns - 1,
      Math.floor((((mark.x - view.from) / span) * view.width) / columnPx),
    );
    if (column >= 0) lane[column] = (lane[column] ?? 0) + 1;
  }
  const half = Math.max(1, Math.round(markWidthPx / columnPx / 2));
  let peak = 0;
  const dense = counts.map((lane) => {
    const flags = new Uint8Array(columns);
    // Events up to each column, so a mark's width around any column sums in one step.
    const upTo = new Uint32Array(columns + 1);
    for (let c = 0; c < columns; c++) upTo[c + 1] = (upTo[c] ?? 0) + (lane[c] ?? 0);
    for (let c = 0; c < columns; c++) {
      const count = lane[c] ?? 0;
      if (count === 0) continue;
      const around =
        (upTo[Math.min(columns, c + half + 1)] ?? 0) - (upTo[Math.max(0, c - half)] ?? 0);
      if (around <= crowd) continue;
      flags[c] = 1;
      peak = Math.max(peak, count);
    }
    return flags;
  });
  return { columnPx, counts, dense, peak };
}

/** The geometry without the marks and arrows a dense stretch stands for. */
export function outsideDensity(
  geometry: ScreenGeometry,
  density: LaneDensity,
  laneGap: number,
): ScreenGeometry {
  if (density.peak === 0) return geometry;
  const isDense = (x: number, y: number): boolean => {
    const lane = Math.floor(y / laneGap);
    return density.dense[lane]?.[Math.floor(x / density.columnPx)] === 1;
  };
  return {
    marks: geometry.marks.filter((mark) => !isDense(mark.x, mark.y)),
    // An arrow into or out of a dense stretch is one of many there: the counts stand for it.
    arrows: geometry.arrows.filter(
      (arrow) => !isDense(arrow.x1, arrow.y1) && !isDense(arrow.x2, arrow.y2),
    ),
    bars: geometry.bars,
  };
}
