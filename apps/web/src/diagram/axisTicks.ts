/**
 * The diagram's axis in words. Real time: round ticks in seconds from the run's first event, placed
 * and formatted by d3's scale so each label sits exactly at its value. Logical time: the spans a
 * view shows are columns of happens-before order, so the axis names the order, not a duration.
 */
import { scaleLinear } from "d3";

export interface AxisTick {
  /** Where the tick is, in trace ms. */
  readonly at: number;
  readonly label: string;
}

/** About `count` round ticks between `from` and `to` (trace ms), labelled in s since `start`. */
export function realTimeTicks(from: number, to: number, start: number, count: number): AxisTick[] {
  const seconds = scaleLinear().domain([(from - start) / 1000, (to - start) / 1000]);
  const format = seconds.tickFormat(count);
  // +0 for -0: a tick at the first event reads "0", never "-0".
  return seconds.ticks(count).map((t) => ({ at: start + t * 1000, label: `${format(t + 0)} s` }));
}

/** How many ticks fit a plot `width` px wide, one per ~110 px. */
export function tickCount(width: number): number {
  return Math.max(2, Math.floor(width / 110));
}
