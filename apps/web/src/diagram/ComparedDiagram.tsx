"use client";
/**
 * One of two compared runs, drawn small on the logical axis both share: lanes, marks, arrows to
 * arrival and buffer waits, and the first divergence ringed. The axis runs to `columns` so the
 * two diagrams line up one above the other.
 */
import type { Trace } from "@causal-kv/checker";
import { useMemo } from "react";
import { bufferColor, eventStyles, violationColor } from "./eventStyle";
import { layoutTrace } from "./layoutTrace";

const width = 880;
const laneGap = 30;
const left = 56;

export function ComparedDiagram({
  title,
  trace,
  columns,
  divergence,
}: {
  title: string;
  trace: Trace;
  columns: number;
  /** The mark (`node3#5`) where the runs part. */
  divergence?: string;
}) {
  const layout = useMemo(
    () =>
      layoutTrace(
        trace.replicas,
        trace.replicas.flatMap((id) => trace.journals[id] ?? []),
        "logical",
      ),
    [trace],
  );
  const x = (column: number) =>
    left + ((column - layout.first) / Math.max(columns, 1)) * (width - left - 12);
  const y = (lane: number) => lane * laneGap + laneGap / 2;
  const height = layout.lanes.length * laneGap;
  const marked = layout.marks.find((mark) => mark.id === divergence);
  return (
    <figure className="compared-run">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}, in logical time`}>
        {layout.lanes.map((id, lane) => (
          <g key={id}>
            <text x={4} y={y(lane) + 4} className="lane-label">
              {id}
            </text>
            <line x1={left} x2={width - 8} y1={y(lane)} y2={y(lane)} stroke="#ccc" />
          </g>
        ))}
        {layout.bars.map((bar) => (
          <line
            key={`${bar.write}@${bar.lane}`}
            x1={x(bar.start)}
            x2={x(bar.end ?? layout.last)}
            y1={y(bar.lane)}
            y2={y(bar.lane)}
            stroke={bufferColor}
            strokeWidth={6}
            opacity={0.6}
          />
        ))}
        {layout.arrows.map((arrow) =>
          arrow.to ? (
            <line
              key={`${arrow.from.id}->${arrow.to.id}`}
              x1={x(arrow.from.x)}
              y1={y(arrow.from.lane)}
              x2={x(arrow.to.x)}
              y2={y(arrow.to.lane)}
              stroke="#4d4d4d"
              strokeWidth={1}
            />
          ) : null,
        )}
        {layout.marks.map((mark) => (
          <circle
            key={mark.id}
            cx={x(mark.x)}
            cy={y(mark.lane)}
            r={4}
            fill={eventStyles[mark.type].color}
          >
            <title>{`${mark.id}: ${eventStyles[mark.type].label}`}</title>
          </circle>
        ))}
        {marked && (
          <g className="divergence-mark" data-divergence={marked.id}>
            <line
              x1={x(marked.x)}
              x2={x(marked.x)}
              y1={0}
              y2={height}
              stroke={violationColor}
              strokeDasharray="4 3"
            />
            <circle
              cx={x(marked.x)}
              cy={y(marked.lane)}
              r={9}
              fill="none"
              stroke={violationColor}
              strokeWidth={2}
            />
          </g>
        )}
      </svg>
    </figure>
  );
}

/** The columns a trace spans on the logical axis, so two can share one. */
export function logicalSpan(trace: Trace): number {
  const layout = layoutTrace(
    trace.replicas,
    trace.replicas.flatMap((id) => trace.journals[id] ?? []),
    "logical",
  );
  return layout.last - layout.first;
}
