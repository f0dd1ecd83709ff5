/**
 * How much of its axis the diagram shows: the whole of a short run, not stretched past a column
 * spacing (logical) or a second (real), or the latest stretch of a long one, with room at the ends.
 */

/** How much of an axis a view shows, in its units. */
export interface AxisSpans {
  /** The narrowest whole-run view (a short run is not stretched across the screen). */
  readonly min: number;
  /** The longest stretch shown while following. */
  readonly follow: number;
  /** Room kept before the first and after the last event. */
  readonly before: number;
  readonly after: number;
}

/** A domain showing [first, last] as the spans say: the whole run, or its latest stretch. */
export function followDomain(
  extent: { first: number; last: number },
  spans: AxisSpans,
): [number, number] {
  const span = Math.max(extent.last - extent.first, spans.min);
  const from = span > spans.follow ? extent.last - spans.follow : extent.first;
  return [from - spans.before, from + Math.min(span, spans.follow) + spans.after];
}

/** The longest stretch of real time shown while following, in ms. */
const followWindowMs = 20_000;

/** How much of its axis a view shows: on the logical one, columns at 30 to 90 px apart. */
export function axisSpans(
  layout: { axis: string; first: number; last: number },
  plotWidth: number,
): AxisSpans {
  if (layout.axis === "logical")
    return {
      min: plotWidth / 90,
      follow: Math.max(plotWidth / 30, 4),
      before: 0.7,
      after: 0.7,
    };
  const shown = Math.min(Math.max(layout.last - layout.first, 1000), followWindowMs);
  return { min: 1000, follow: followWindowMs, before: 0, after: shown * 0.06 };
}
