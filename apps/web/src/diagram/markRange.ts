/**
 * The marks of a laid-out trace within a window of its axis: what the diagram draws, hit-tests and
 * counts as it pans and zooms. Relies on layoutTrace's invariant that `marks` are sorted by axis
 * position, so a window is found by binary search rather than a scan of every mark.
 */
import type { DiagramMark, TraceLayout } from "./layoutTrace";

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
