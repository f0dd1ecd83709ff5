"use client";
/**
 * The diagram's marks that carry words, drawn in SVG over the canvas: causality violations (with
 * the checker's sentence), messages held on a link, the one or two chosen events, and the replay
 * cursor with the not-yet-happened part of the run veiled.
 */
import { describeChange } from "@causal-kv/checker";
import { type WriteId, writeId } from "@causal-kv/core";
import type { ScaleLinear } from "d3";
import { useMemo } from "react";
import { useShallow } from "zustand/react/shallow";
import { actOnHeld } from "../lab/heldActions";
import { useLab } from "../lab/labStore";
import { useEndpoints } from "../lab/replicaSelectors";
import { useTraceView, useVerdict } from "../lab/useTraceAnalysis";
import { eventId } from "../trace/eventId";
import { HeldGlyph, ViolationGlyph } from "./DiagramLegend";
import { heldColor } from "./eventStyle";
import type { DiagramMark } from "./layoutTrace";
import { laneCenter } from "./screenGeometry";

export function DiagramOverlay({
  x,
  laneGap,
  plotWidth,
  height,
}: {
  x: ScaleLinear<number, number>;
  laneGap: number;
  plotWidth: number;
  height: number;
}) {
  const { layout, markIndex } = useTraceView();
  const { verdict } = useVerdict();
  // Each replica's held messages: a panel's state moving on leaves them, and this, as they were.
  const endpoints = useEndpoints();
  const heldBy = useLab(useShallow((lab) => lab.replicas.map((view) => view.held)));
  const imported = useLab((lab) => lab.imported);
  const selected = useLab((lab) => lab.selected);
  const compared = useLab((lab) => lab.compared);
  const replayAt = useLab((lab) => lab.replayAt);
  const [from, to] = x.domain() as [number, number];
  const inView = (t: number) => t >= from && t <= to;
  const markOf = (id: string | undefined) => {
    const index = id === undefined ? undefined : markIndex.get(id);
    return index === undefined ? undefined : layout.marks[index];
  };

  const sends = useMemo(() => {
    const byWrite = new Map<WriteId, DiagramMark>();
    for (const arrow of layout.arrows) byWrite.set(arrow.write, arrow.from);
    return byWrite;
  }, [layout]);
  const held = imported
    ? []
    : endpoints.flatMap((endpoint, k) => {
        const view = { endpoint, held: heldBy[k] ?? [] };
        return view.held.map((h, i) => ({ ...h, from: endpoint.id, view, slot: i }));
      });
  const laneOf = (id: string) => layout.lanes.indexOf(id);

  return (
    <g className="diagram-overlay">
      {verdict.causalityViolations.map((violation) => {
        const event = violation.events[0];
        const mark = markOf(event && eventId(event));
        if (!mark || !inView(mark.x)) return null;
        const cx = x(mark.x);
        const cy = laneCenter(mark.lane, laneGap);
        return (
          <g
            key={`${violation.kind}:${mark.id}`}
            className="violation-mark"
            data-violation={mark.id}
          >
            <title>{violation.message}</title>
            <ViolationGlyph x={cx} y={cy} r={14} />
            <text x={cx} y={cy - 19} textAnchor="middle" className="violation-label">
              ✘ {violation.kind === "applied-twice" ? "twice" : "too early"}
            </text>
          </g>
        );
      })}
      {held.map((h) => {
        const send = sends.get(writeId(h.message));
        const toLane = laneOf(h.to);
        if (!send || toLane < 0) return null;
        const x1 = x(send.x);
        const y1 = laneCenter(send.lane, laneGap);
        const x2 = Math.min(Math.max(x(layout.now), x1 + 40) + h.slot * 22, plotWidth - 10);
        // On its own link, short of the receiver's lane: never on a lane in between.
        const yLane = laneCenter(toLane, laneGap);
        const y2 = yLane - Math.sign(yLane - y1) * Math.min(laneGap * 0.3, 14);
        return (
          // A click delivers this one next: Oddity's stepping, on the diagram itself.
          // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>
          <g
            key={h.id}
            className="held-mark"
            data-held={h.id}
            role="button"
            tabIndex={0}
            aria-label={`Release ${describeChange(h.message)} held on ${h.from} → ${h.to}`}
            onClick={() => void actOnHeld(h.view, h.id, "release").catch(() => undefined)}
            onKeyDown={(event) => {
              if (event.key === "Enter" || event.key === " ")
                void actOnHeld(h.view, h.id, "release").catch(() => undefined);
            }}
          >
            <title>{`${describeChange(h.message)} from ${h.from} is held on the link to ${h.to}: click to release it`}</title>
            <line
              x1={x1}
              y1={y1}
              x2={x2}
              y2={y2}
              stroke={heldColor}
              strokeWidth={2}
              strokeDasharray="3 3"
            />
            <HeldGlyph x={x2} y={y2} />
          </g>
        );
      })}
      {[
        { id: selected, label: "A" },
        { id: compared, label: "B" },
      ].map(({ id, label }) => {
        const mark = markOf(id);
        if (!mark || !inView(mark.x)) return null;
        const cx = x(mark.x);
        const cy = laneCenter(mark.lane, laneGap);
        return (
          <g key={label} className="chosen-mark" data-chosen={mark.id}>
            <circle cx={cx} cy={cy} r={11} fill="none" stroke="#1a1a1a" strokeWidth={2.5} />
            <text x={cx + 12} y={cy + 22} className="chosen-label">
              {label}
            </text>
          </g>
        );
      })}
      {replayAt !== undefined && inView(layout.positionAt(replayAt)) && (
        <g className="replay-cursor">
          <rect
            x={x(layout.positionAt(replayAt))}
            y={-8}
            width={Math.max(plotWidth - x(layout.positionAt(replayAt)), 0)}
            height={height - 30}
            fill="#fff"
            opacity={0.6}
          />
          <line
            x1={x(layout.positionAt(replayAt))}
            x2={x(layout.positionAt(replayAt))}
            y1={-8}
            y2={height - 38}
            stroke="#1a1a1a"
            strokeWidth={2}
          />
        </g>
      )}
    </g>
  );
}
