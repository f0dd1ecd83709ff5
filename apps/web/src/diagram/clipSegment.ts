/**
 * An arrow cut to the strip of x the canvas shows. Stroking a dashed line costs its whole length,
 * seen or not: a send scrolled 30,000 px off to the left, still on its way, made one paint take
 * 450 ms in Chromium. The start moves in by whole dash periods only, so the dashes stay in place.
 */

export interface Segment {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/**
 * The part of `segment` with x in [left, right], its start moved along it by a whole number of
 * `period`s (so at most one period before `left`), its end cut at the strip's edge; `undefined`
 * if no part of it is in the strip. A segment inside the strip comes back as it is.
 */
export function clipSegment<T extends Segment>(
  segment: T,
  left: number,
  right: number,
  period: number,
): T | undefined {
  const { x1, y1, x2, y2 } = segment;
  if (x1 >= left && x1 <= right && x2 >= left && x2 <= right) return segment;
  const dx = x2 - x1;
  if (dx === 0) return undefined;
  // Where the line crosses each edge, as a fraction of the way from its start.
  const atLeft = (left - x1) / dx;
  const atRight = (right - x1) / dx;
  const enter = Math.max(0, Math.min(atLeft, atRight));
  const exit = Math.min(1, Math.max(atLeft, atRight));
  if (enter > exit) return undefined;
  const length = Math.hypot(dx, y2 - y1);
  const start = period > 0 ? (Math.floor((enter * length) / period) * period) / length : enter;
  return {
    ...segment,
    x1: start === 0 ? x1 : x1 + dx * start,
    y1: start === 0 ? y1 : y1 + (y2 - y1) * start,
    x2: exit === 1 ? x2 : x1 + dx * exit,
    y2: exit === 1 ? y2 : y1 + (y2 - y1) * exit,
  };
}
