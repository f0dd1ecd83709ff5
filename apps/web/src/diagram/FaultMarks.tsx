"use client";
/**
 * Faults drawn on the diagram, in words, without hovering: a replica's lane greyed while it was
 * down and its restart named; and, in a strip right of the plot, each link that is cut, held,
 * slowed or lossy now, as a line from its sender's lane to its receiver's with what it does.
 */
import type { ScaleLinear } from "d3";
import { heldColor, violationColor } from "./eventStyle";
import type { FaultLayout, LinkFaultKind } from "./layoutFaults";
import type { TraceLayout } from "./layoutTrace";
import { laneCenter } from "./screenGeometry";

/** The width of one link's place in the strip right of the plot. */
export const linkFaultWidth = 58;

const linkColors: Readonly<Record<LinkFaultKind, string>> = {
  cut: violationColor,
  held: heldColor,
  slow: "#8a5a00",
  lossy: "#8e3d6e",
};

export function FaultMarks({
  faults,
  layout,
  x,
  laneGap,
  plotWidth,
}: {
  faults: FaultLayout;
  layout: TraceLayout;
  x: ScaleLinear<number, number>;
  laneGap: number;
  plotWidth: number;
}) {
  const clamp = (px: number) => Math.min(Math.max(px, -6), plotWidth + 6);
  return (
    <g className="fault-marks">
      {faults.down.map((stretch) => {
        const x1 = clamp(x(stretch.start));
        const x2 = stretch.end === undefined ? plotWidth + 6 : clamp(x(stretch.end));
        if (x2 <= x1) return null;
        const y = laneCenter(stretch.lane, laneGap);
        const id = layout.lanes[stretch.lane] ?? "";
        return (
          <g key={`down:${stretch.lane}:${stretch.start}`} className="down-stretch" data-down={id}>
            <title>{`${id} was down (crashed)${stretch.end === undefined ? " and still is" : " until it restarted"}`}</title>
            <rect
              x={x1}
              y={y - laneGap * 0.32}
              width={x2 - x1}
              height={laneGap * 0.64}
              fill="#8c8c8c"
              opacity={0.3}
            />
            {x2 - x1 > 40 && (
              <text x={x1 + 4} y={y + laneGap * 0.32 - 3} className="fault-label">
                down
              </text>
            )}
          </g>
        );
      })}
      {faults.restarts.map((restart) => {
        if (restart.x < (x.domain()[0] ?? 0) || restart.x > (x.domain()[1] ?? 0)) return null;
        const cx = x(restart.x);
        const cy = laneCenter(restart.lane, laneGap);
        return (
          <text
            key={`restart:${restart.lane}:${restart.x}`}
            x={cx}
            y={cy - 12}
            textAnchor="middle"
            className="fault-label restart-label"
            data-restart={layout.lanes[restart.lane]}
          >
            ↻ restart
          </text>
        );
      })}
      {faults.catchUps.map((catchUp) => {
        if (catchUp.x < (x.domain()[0] ?? 0) || catchUp.x > (x.domain()[1] ?? 0)) return null;
        const id = layout.lanes[catchUp.lane];
        return (
          <text
            key={`catch-up:${catchUp.lane}:${catchUp.x}`}
            x={x(catchUp.x)}
            y={laneCenter(catchUp.lane, laneGap) + 22}
            textAnchor="middle"
            className="fault-label restart-label"
            data-catch-up={id}
          >
            <title>{`${id} caught up from ${catchUp.from} by state transfer`}</title>⇣ caught up
          </text>
        );
      })}
      {faults.links.map((link, k) => {
        const lx = plotWidth + 22 + k * linkFaultWidth;
        const y1 = laneCenter(link.fromLane, laneGap);
        const yLane = laneCenter(link.toLane, laneGap);
        const y2 = yLane - Math.sign(yLane - y1) * 8;
        const color = linkColors[link.kind];
        const labelY = y1 + Math.sign(yLane - y1) * laneGap * 0.5;
        const from = layout.lanes[link.fromLane];
        const to = layout.lanes[link.toLane];
        return (
          <g
            key={`${link.fromLane}->${link.toLane}`}
            className={`link-fault ${link.kind}`}
            data-link-fault={`${from}→${to}`}
          >
            <title>{link.description}</title>
            <circle cx={lx} cy={y1} r={3} fill={color} />
            <line
              x1={lx}
              y1={y1}
              x2={lx}
              y2={y2}
              stroke={color}
              strokeWidth={2.5}
              strokeDasharray={
                link.kind === "cut" ? "2 5" : link.kind === "slow" ? undefined : "6 3"
              }
            />
            <path
              d={`M${lx - 5},${y2 - Math.sign(yLane - y1) * 7} L${lx},${y2} L${lx + 5},${y2 - Math.sign(yLane - y1) * 7}`}
              fill="none"
              stroke={color}
              strokeWidth={2}
            />
            <text
              x={lx}
              y={labelY}
              dy="0.35em"
              textAnchor="middle"
              className="fault-label"
              fill={color}
            >
              {link.text}
            </text>
          </g>
        );
      })}
    </g>
  );
}
