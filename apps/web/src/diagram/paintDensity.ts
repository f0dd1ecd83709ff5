/**
 * Paints the dense stretches of each lane: one bar per pixel column, as tall as the log of its
 * count against the view's busiest column, so a quiet spell and a burst read apart at a glance.
 */
import type { LaneDensity } from "./laneDensity";
import { laneCenter } from "./screenGeometry";

export const densityColor = "#3d5a80";

export function paintDensity(
  ctx: CanvasRenderingContext2D,
  density: LaneDensity,
  laneGap: number,
): void {
  if (density.peak === 0) return;
  const tallest = Math.min(laneGap * 0.7, 40);
  const scale = Math.log1p(density.peak);
  ctx.fillStyle = densityColor;
  ctx.globalAlpha = 0.8;
  for (const [lane, counts] of density.counts.entries()) {
    const flags = density.dense[lane];
    if (!flags) continue;
    const y = laneCenter(lane, laneGap);
    for (let column = 0; column < counts.length; column++) {
      if (flags[column] !== 1) continue;
      const height = Math.max(3, (tallest * Math.log1p(counts[column] ?? 0)) / scale);
      ctx.fillRect(column * density.columnPx, y - height / 2, density.columnPx, height);
    }
  }
  ctx.globalAlpha = 1;
}
