"use client";
/**
 * The live space-time diagram: a lane per replica, time to the right, marks for journal events,
 * arrows from each send to each delivery, bars for time spent in a causal buffer. It only draws the
 * geometry that layoutTrace computed, at the scale that useTimeZoom keeps.
 */
import { useCallback, useMemo, useRef, useState } from "react";
import { describeEvent, formatClock } from "../lab/describeEvent";
import { useLab } from "../lab/labStore";
import { arrowColor, bufferColor, eventStyles } from "./eventStyle";
import { type DiagramMark, marksBetween } from "./layoutTrace";
import { MarkGlyph } from "./MarkGlyph";
import { useElementWidth } from "./useElementWidth";
import { useTimeZoom } from "./useTimeZoom";
import { useTraceLayout } from "./useTraceLayout";

const margin = { left: 78, right: 16, top: 18, bottom: 30 };
const laneGap = 74;

export function SpaceTimeDiagram() {
  const layout = useTraceLayout();
  const follow = useLab((lab) => lab.follow);
  const setFollow = useLab((lab) => lab.setFollow);
  const selected = useLab((lab) => lab.selected);
  const select = useLab((lab) => lab.select);
  const [container, width] = useElementWidth<HTMLDivElement>();
  const svgRef = useRef<SVGSVGElement>(null);
  const [hovered, setHovered] = useState<DiagramMark | undefined>();
  const plotWidth = Math.max(width - margin.left - margin.right, 100);
  const stopFollowing = useCallback(() => setFollow(false), [setFollow]);
  const x = useTimeZoom(svgRef, layout, plotWidth, follow, stopFollowing);
  const laneY = (lane: number) => lane * laneGap + laneGap / 2;
  const height = margin.top + layout.lanes.length * laneGap + margin.bottom;
  const [from, to] = x.domain() as [number, number];
  const visible = useMemo(() => marksBetween(layout, from, to), [layout, from, to]);
  const ticks = x.ticks(Math.max(2, Math.floor(plotWidth / 110)));
  const now = layout.end;

  return (
    <figure className="diagram" ref={container}>
      <div className="diagram-toolbar">
        <Legend />
        <button
          type="button"
          onClick={() => setFollow(true)}
          disabled={follow}
          aria-pressed={follow}
        >
          {follow ? "Following now" : "Follow now"}
        </button>
      </div>
      <svg
        ref={svgRef}
        width={width}
        height={height}
        aria-label="Space-time diagram"
        role="img"
        className="diagram-svg"
      >
        <defs>
          <marker
            id="arrowhead"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M0,0 L10,5 L0,10 z" fill={arrowColor} />
          </marker>
          <clipPath id="plot-area">
            <rect x={-8} y={-margin.top} width={plotWidth + 16} height={height} />
          </clipPath>
        </defs>
        <g transform={`translate(${margin.left},${margin.top})`}>
          {layout.lanes.map((id, lane) => (
            <g key={id}>
              <line
                x1={0}
                x2={plotWidth}
                y1={laneY(lane)}
                y2={laneY(lane)}
                stroke="#c8c8c8"
                strokeWidth={2}
              />
              <text x={-12} y={laneY(lane)} dy="0.35em" textAnchor="end" className="lane-label">
                {id}
              </text>
            </g>
          ))}
          <g transform={`translate(0,${layout.lanes.length * laneGap})`} className="axis">
            {ticks.map((t) => (
              <g key={t} transform={`translate(${x(t)},0)`}>
                <line y2={5} stroke="#777" />
                <text y={18} textAnchor="middle">
                  {((t - layout.start) / 1000).toFixed(1)} s
                </text>
              </g>
            ))}
          </g>
          <g clipPath="url(#plot-area)">
            {layout.bars.map((bar) => (
              <rect
                key={`${bar.write}@${bar.lane}@${bar.start}`}
                className="buffer-bar"
                x={x(bar.start)}
                y={laneY(bar.lane) - 16}
                width={Math.max(x(bar.end ?? now) - x(bar.start), 3)}
                height={8}
                fill={bufferColor}
                opacity={0.75}
              >
                <title>{`${bar.write} waited in the buffer`}</title>
              </rect>
            ))}
            {layout.arrows.map((arrow) => {
              const x1 = x(arrow.from.time);
              const y1 = laneY(arrow.from.lane);
              const x2 = x(arrow.to?.time ?? now);
              const y2 = laneY(arrow.toLane);
              const faded =
                selected !== undefined && selected !== arrow.from.id && selected !== arrow.to?.id;
              return (
                <line
                  key={`${arrow.write}->${arrow.toLane}`}
                  className={arrow.to ? "arrow" : "arrow in-flight"}
                  x1={x1}
                  y1={y1}
                  x2={arrow.to ? x2 : x1 + (x2 - x1) * 0.9}
                  y2={arrow.to ? y2 : y1 + (y2 - y1) * 0.5}
                  stroke={arrowColor}
                  strokeWidth={1.6}
                  strokeDasharray={arrow.to ? undefined : "5 4"}
                  opacity={faded ? 0.25 : 0.85}
                  markerEnd={arrow.to ? "url(#arrowhead)" : undefined}
                />
              );
            })}
            {visible.map((mark) => (
              // biome-ignore lint/a11y/useSemanticElements: an SVG mark cannot be a <button>
              <g
                key={mark.id}
                data-mark={mark.id}
                data-type={mark.type}
                role="button"
                tabIndex={-1}
                aria-label={describeEvent(mark.event)}
                className={mark.id === selected ? "mark selected" : "mark"}
                onMouseEnter={() => setHovered(mark)}
                onMouseLeave={() => setHovered(undefined)}
                onClick={() => select(mark.id === selected ? undefined : mark.id)}
                onKeyDown={(e) => e.key === "Enter" && select(mark.id)}
              >
                <MarkGlyph
                  x={x(mark.time)}
                  y={laneY(mark.lane)}
                  style={eventStyles[mark.type]}
                  size={mark.type === "receive" ? 5 : 7}
                />
              </g>
            ))}
          </g>
        </g>
      </svg>
      {hovered && (
        <div
          className="tooltip"
          role="tooltip"
          style={{
            left: margin.left + x(hovered.time) + 12,
            top: margin.top + laneY(hovered.lane) + 40,
          }}
        >
          <strong>{describeEvent(hovered.event)}</strong>
          <div>clock {formatClock(hovered.event.clock)}</div>
        </div>
      )}
    </figure>
  );
}

function Legend() {
  return (
    <ul className="legend" aria-label="Legend">
      {Object.entries(eventStyles)
        .filter(([type]) => type !== "restart")
        .map(([type, style]) => (
          <li key={type}>
            <svg width={18} height={18} aria-hidden="true">
              <MarkGlyph x={9} y={9} style={style} size={6} />
            </svg>
            {style.label}
          </li>
        ))}
      <li>
        <svg width={22} height={18} aria-hidden="true">
          <rect x={1} y={5} width={20} height={8} fill={bufferColor} opacity={0.75} />
        </svg>
        time in buffer
      </li>
    </ul>
  );
}
