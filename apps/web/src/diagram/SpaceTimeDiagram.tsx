"use client";
/**
 * The space-time diagram: a lane per replica, time to the right (in happens-before order, or in
 * real time), and above them a lane per named client with its requests. Marks, arrows and buffer bars are painted on a canvas (cheap at
 * 100,000 events); lane labels, the axis, the clients' requests and the few marks that need words
 * (violations, held messages, the selection, the replay cursor) are SVG on top of it.
 */
import { useCallback, useEffect, useMemo, useRef } from "react";
import { useShallow } from "zustand/react/shallow";
import { hasEarlierEvents, loadEarlierEvents } from "../lab/earlierEvents";
import { useLab } from "../lab/labStore";
import { useLinks } from "../lab/replicaSelectors";
import { clocksOf, layoutOf } from "../lab/traceAnalysis";
import { useClientVerdict } from "../lab/useClientVerdict";
import { useLabTrace } from "../lab/useLabTrace";
import { useVerdict } from "../lab/useTraceAnalysis";
import { causalCone } from "../trace/happensBefore";
import { axisSpans } from "./axisSpans";
import { realTimeTicks, tickCount } from "./axisTicks";
import { ClientLanes, clientBandHeight } from "./ClientLanes";
import { DiagramLegend } from "./DiagramLegend";
import { DiagramOverlay } from "./DiagramOverlay";
import { FaultMarks, linkFaultWidth } from "./FaultMarks";
import { fitLaneGap, minStageHeight } from "./laneFit";
import { layoutClients } from "./layoutClients";
import { layoutFaults } from "./layoutFaults";
import { MarkTooltip } from "./MarkTooltip";
import { markRange } from "./markRange";
import { laneCenter } from "./screenGeometry";
import { TimeAxisSwitch } from "./TimeAxisSwitch";
import { useDiagramCanvas } from "./useDiagramCanvas";
import { useElementSize } from "./useElementSize";
import { useTimeZoom } from "./useTimeZoom";

export const diagramMargin = { left: 78, right: 16, top: 16, bottom: 28 } as const;
const hitRadiusPx = 10;

/** The lane gap of an exported diagram, which has no page to fit: closer with clients' lanes. */
export function diagramLaneGap(lanes: number, withClients = false): number {
  if (withClients) return lanes <= 3 ? 40 : 38;
  return lanes <= 3 ? 60 : 48;
}

export function SpaceTimeDiagram() {
  const trace = useLabTrace();
  const timeAxis = useLab((lab) => lab.timeAxis);
  const analysis = layoutOf(trace, timeAxis);
  const { verdict } = useVerdict();
  const { layout } = analysis;
  const follow = useLab((lab) => lab.follow);
  const imported = useLab((lab) => lab.imported);
  const setFollow = useLab((lab) => lab.setFollow);
  const selected = useLab((lab) => lab.selected);
  const hovered = useLab((lab) => lab.hovered);
  const hover = useLab((lab) => lab.hover);
  const pick = useLab((lab) => lab.pick);
  const [stage, width, stageHeight] = useElementSize<HTMLDivElement>();
  const svgRef = useRef<SVGSVGElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const exchanges = useLab((lab) => lab.exchanges);
  const clientVerdict = useClientVerdict();
  const clients = useMemo(
    () =>
      layoutClients(
        imported ? [] : exchanges,
        layout.lanes,
        exchanges.length === 0 ? [] : layout.marks.map((mark) => mark.event),
      ),
    [imported, exchanges, layout],
  );
  const band = clientBandHeight(clients.clients.length);
  // What faults are drawn from, selected apart: a panel's state moving on leaves them as they were.
  const ids = useLab(useShallow((lab) => lab.replicas.map((view) => view.endpoint.id)));
  const links = useLinks();
  const outages = useLab(useShallow((lab) => lab.replicas.map((view) => view.outages)));
  const downSince = useLab(useShallow((lab) => lab.replicas.map((view) => view.downSince)));
  const faults = useMemo(
    () =>
      layoutFaults(
        layout,
        imported
          ? []
          : ids.map((id, i) => {
              const down = downSince[i];
              return {
                id,
                links: links[i] ?? {},
                outages: outages[i] ?? [],
                ...(down === undefined ? {} : { downSince: down }),
              };
            }),
      ),
    [layout, imported, ids, links, outages, downSince],
  );
  // The replicas' lanes move down to make room for the clients' above them, and the plot narrows
  // for the strip of faulty links at its right.
  const strip = faults.links.length === 0 ? 0 : faults.links.length * linkFaultWidth + 8;
  const margin = useMemo(
    () => ({ ...diagramMargin, top: diagramMargin.top + band, right: diagramMargin.right + strip }),
    [band, strip],
  );
  // The lanes share the height the page gives the stage (the whole screen's rest on a tall one).
  const leastHeight = minStageHeight(layout.lanes.length, margin, band > 0);
  const laneGap = fitLaneGap(
    Math.max(stageHeight, leastHeight),
    layout.lanes.length,
    margin,
    band > 0,
  );
  const plotWidth = Math.max(width - margin.left - margin.right, 100);
  const height = margin.top + layout.lanes.length * laneGap + margin.bottom;
  const lastGesture = useRef(0);
  const stopFollowing = useCallback(() => {
    lastGesture.current = performance.now();
    setFollow(false);
  }, [setFollow]);
  const runKey = `${imported ? `${imported.name}:${imported.events}` : "live"}:${timeAxis}`;
  const x = useTimeZoom(
    svgRef,
    layout,
    axisSpans(layout, plotWidth),
    plotWidth,
    margin.left,
    follow,
    stopFollowing,
    runKey,
  );
  const [from, to] = x.domain() as [number, number];
  // Panned back past the oldest event shown: the replicas' journals have what came before.
  const earlierExists = useLab(hasEarlierEvents);
  useEffect(() => {
    if (!follow && earlierExists && layout.marks.length > 0 && from < layout.first)
      void loadEarlierEvents();
  }, [follow, earlierExists, from, layout.first, layout.marks.length]);

  const focusId = hovered ?? selected;
  const roles = useMemo(() => {
    const index = focusId === undefined ? undefined : analysis.markIndex.get(focusId);
    if (index === undefined) return undefined;
    // Event clocks are computed on the first focus, not on import.
    const clocks = clocksOf(analysis);
    const focus = clocks[index];
    return focus ? causalCone(clocks, focus) : undefined;
  }, [analysis, focusId]);

  useDiagramCanvas(canvasRef, {
    layout,
    from,
    to,
    width,
    height,
    plotWidth,
    laneGap,
    margin,
    roles,
    focusId,
    lastGesture,
    following: follow && !imported,
  });

  /** The mark nearest the pointer, within a few pixels, on the lane under it. */
  const markAt = (clientX: number, clientY: number) => {
    const box = svgRef.current?.getBoundingClientRect();
    if (!box) return undefined;
    const px = clientX - box.left - margin.left;
    const lane = Math.floor((clientY - box.top - margin.top) / laneGap);
    if (lane < 0 || lane >= layout.lanes.length) return undefined;
    const [start, end] = markRange(layout, x.invert(px - hitRadiusPx), x.invert(px + hitRadiusPx));
    let best: { id: string; distance: number } | undefined;
    for (let i = start; i < end; i++) {
      const mark = layout.marks[i];
      if (!mark || mark.lane !== lane) continue;
      const distance = Math.abs(x(mark.x) - px);
      // On a tie the later event wins: a delivery over the arrival it follows in the same ms.
      if (!best || distance <= best.distance) best = { id: mark.id, distance };
    }
    return best?.id;
  };

  const hoveredIndex = hovered === undefined ? undefined : analysis.markIndex.get(hovered);
  const hoveredMark = hoveredIndex === undefined ? undefined : layout.marks[hoveredIndex];
  const ticks =
    layout.axis === "real" ? realTimeTicks(from, to, layout.start, tickCount(plotWidth)) : [];
  const atTime = (time: number) => x(layout.positionAt(time));

  return (
    <figure className="diagram">
      <div className="diagram-toolbar">
        <DiagramLegend />
        <TimeAxisSwitch />
        <button
          type="button"
          onClick={() => setFollow(true)}
          disabled={follow}
          aria-pressed={follow}
        >
          {follow ? "Following now" : "Follow now"}
        </button>
      </div>
      <figcaption id="diagram-text-alternative" className="sr-only">
        A lane per replica, time to the right. Every event it shows is in the Events list below the
        diagram, in time order, with its words; the list is navigable with the arrow keys.
      </figcaption>
      <div className="diagram-stage" ref={stage} style={{ minHeight: leastHeight }}>
        <canvas ref={canvasRef} className="diagram-canvas" style={{ width, height }} />
        {/* biome-ignore lint/a11y/useKeyWithClickEvents: the event list below is the keyboard way to pick events */}
        <svg
          ref={svgRef}
          width={width}
          height={height}
          aria-label="Space-time diagram"
          aria-describedby="diagram-text-alternative"
          role="img"
          className="diagram-svg"
          onMouseMove={(e) => {
            const id = markAt(e.clientX, e.clientY);
            if (id !== hovered) hover(id);
          }}
          onMouseLeave={() => hover(undefined)}
          onClick={(e) => {
            const id = markAt(e.clientX, e.clientY);
            if (id) pick(id);
          }}
        >
          <g transform={`translate(${margin.left},${margin.top})`}>
            {layout.lanes.map((id, lane) => (
              <text
                key={id}
                x={-12}
                y={laneCenter(lane, laneGap)}
                dy="0.35em"
                textAnchor="end"
                className="lane-label"
              >
                {id}
              </text>
            ))}
            <g transform={`translate(0,${layout.lanes.length * laneGap})`} className="axis">
              {ticks.map(({ at, label }) => (
                <g key={at} transform={`translate(${x(at)},0)`} className="axis-tick">
                  <line y2={5} stroke="#777" />
                  <text y={18} textAnchor="middle">
                    {label}
                  </text>
                </g>
              ))}
              {layout.axis === "logical" && (
                <text y={18} className="axis-caption">
                  logical time: events in happens-before order →
                </text>
              )}
            </g>
            <ClientLanes
              layout={clients}
              x={atTime}
              plotWidth={plotWidth}
              laneGap={laneGap}
              now={layout.axis === "real" ? Math.max(layout.end, to) : layout.end}
              verdict={clientVerdict}
            />
            <FaultMarks
              faults={faults}
              layout={layout}
              x={x}
              laneGap={laneGap}
              plotWidth={plotWidth}
            />
            <DiagramOverlay x={x} laneGap={laneGap} plotWidth={plotWidth} height={height} />
          </g>
        </svg>
      </div>
      {hoveredMark && (
        <MarkTooltip
          mark={hoveredMark}
          markX={margin.left + x(hoveredMark.x)}
          markY={margin.top + laneCenter(hoveredMark.lane, laneGap)}
          stageWidth={width}
          violations={verdict.causalityViolations}
        />
      )}
    </figure>
  );
}
