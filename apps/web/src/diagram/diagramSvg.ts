/**
 * The whole run's space-time diagram as a standalone SVG document (for export, and rasterized for
 * PNG): the same geometry the canvas paints, merged per pixel, with lane labels, an axis and the
 * violation marks, in the lab's colours and shapes.
 */
import type { Violation } from "@causal-kv/checker";
import { scaleLinear } from "d3";
import { eventId } from "../trace/eventId";
import { realTimeTicks, tickCount } from "./axisTicks";
import {
  arrowColor,
  bufferColor,
  eventStyles,
  inFlightDash,
  type MarkShape,
  pentagonPoints,
  violationColor,
} from "./eventStyle";
import type { TraceLayout } from "./layoutTrace";
import { laneCenter, screenGeometry } from "./screenGeometry";

export interface DiagramSvgOptions {
  readonly width: number;
  readonly laneGap: number;
  readonly violations?: readonly Violation[];
}

const margin = { left: 78, right: 24, top: 34, bottom: 34 };

export function diagramSvg(layout: TraceLayout, options: DiagramSvgOptions): string {
  const { width, laneGap } = options;
  const plotWidth = width - margin.left - margin.right;
  const height = margin.top + layout.lanes.length * laneGap + margin.bottom;
  const logical = layout.axis === "logical";
  const span = Math.max(layout.last - layout.first, 1);
  const pad = logical ? 0.7 : span * 0.02;
  const from = layout.first - pad;
  const to = layout.last + pad;
  const geometry = screenGeometry(layout, { from, to, width: plotWidth, laneGap });
  const x = scaleLinear().domain([from, to]).range([0, plotWidth]);
  const out: string[] = [];
  const n = (v: number) => (Math.round(v * 10) / 10).toString();

  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<title>causal-kv space-time diagram: ${layout.marks.length} events on ${layout.lanes.length} replicas</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${arrowColor}"/></marker></defs>`,
    `<text x="${margin.left}" y="20" font-size="14" fill="#1a1a1a">causal-kv: ${layout.marks.length} events</text>`,
    `<g transform="translate(${margin.left},${margin.top})">`,
  );
  layout.lanes.forEach((id, lane) => {
    const y = n(laneCenter(lane, laneGap));
    out.push(
      `<line x1="0" x2="${plotWidth}" y1="${y}" y2="${y}" stroke="#c8c8c8" stroke-width="2"/>`,
      `<text class="lane-label" x="-12" y="${y}" dy="0.35em" text-anchor="end" font-size="15" font-weight="700" fill="#1a1a1a">${escapeXml(id)}</text>`,
    );
  });
  const axisY = layout.lanes.length * laneGap;
  const ticks = logical ? [] : realTimeTicks(from, to, layout.start, tickCount(plotWidth));
  for (const { at, label } of ticks) {
    out.push(
      `<g transform="translate(${n(x(at))},${axisY})"><line y2="5" stroke="#777"/><text y="18" text-anchor="middle" font-size="12" fill="#5c5c5c">${label}</text></g>`,
    );
  }
  if (logical)
    out.push(
      `<text x="0" y="${axisY + 18}" font-size="12" fill="#5c5c5c">logical time: happens-before order →</text>`,
    );
  for (const bar of geometry.bars)
    out.push(
      `<rect x="${n(bar.x)}" y="${n(bar.y)}" width="${n(bar.width)}" height="8" fill="${bufferColor}" opacity="0.75"/>`,
    );
  for (const a of geometry.arrows) {
    out.push(
      `<line x1="${n(a.x1)}" y1="${n(a.y1)}" x2="${n(a.x2)}" y2="${n(a.y2)}" stroke="${arrowColor}" stroke-width="1.6" opacity="0.85"${a.inFlight ? ` stroke-dasharray="${inFlightDash.join(" ")}"` : ""} marker-end="url(#head)"/>`,
    );
    if (a.label)
      out.push(
        `<text class="arrow-label" x="${n(a.label.x)}" y="${n(a.label.y)}" dy="0.35em" text-anchor="middle" font-size="11" font-weight="600" fill="${arrowColor}" stroke="#fff" stroke-width="4" paint-order="stroke">${escapeXml(a.label.text)}</text>`,
      );
  }
  for (const m of geometry.marks) {
    const style = eventStyles[m.type];
    out.push(glyphSvg(style.shape, style.color, m.x, m.y, m.type === "receive" ? 5 : 7, n));
  }
  const indexOf = new Map(layout.marks.map((mark) => [mark.id, mark]));
  for (const violation of options.violations ?? []) {
    const event = violation.events[0];
    const mark = event && indexOf.get(eventId(event));
    if (!mark) continue;
    const cx = x(mark.x);
    const cy = laneCenter(mark.lane, laneGap);
    const points = Array.from({ length: 8 }, (_, i) => {
      const angle = Math.PI / 8 + (i * Math.PI) / 4;
      return `${n(cx + 14 * Math.cos(angle))},${n(cy + 14 * Math.sin(angle))}`;
    }).join(" ");
    out.push(
      `<g class="violation"><title>${escapeXml(violation.message)}</title><polygon points="${points}" fill="none" stroke="${violationColor}" stroke-width="2.5" stroke-dasharray="4 2"/></g>`,
    );
  }
  out.push("</g>", "</svg>");
  return out.join("\n");
}

function glyphSvg(
  shape: MarkShape,
  color: string,
  x: number,
  y: number,
  size: number,
  n: (v: number) => string,
): string {
  const solid = `fill="${color}" stroke="#fff" stroke-width="1.5"`;
  switch (shape) {
    case "disc":
      return `<circle class="mark" cx="${n(x)}" cy="${n(y)}" r="${size}" ${solid}/>`;
    case "ring":
      return `<circle class="mark" cx="${n(x)}" cy="${n(y)}" r="${size - 1}" fill="#fff" stroke="${color}" stroke-width="2.5"/>`;
    case "square":
      return `<rect class="mark" x="${n(x - size)}" y="${n(y - size)}" width="${size * 2}" height="${size * 2}" ${solid}/>`;
    case "triangle":
      return `<path class="mark" d="M${n(x - size)},${n(y - size)} L${n(x + size)},${n(y)} L${n(x - size)},${n(y + size)} Z" ${solid}/>`;
    case "diamond":
      return `<path class="mark" d="M${n(x)},${n(y - size - 2)} L${n(x + size + 2)},${n(y)} L${n(x)},${n(y + size + 2)} L${n(x - size - 2)},${n(y)} Z" ${solid}/>`;
    case "pentagon":
      return `<polygon class="mark" points="${pentagonPoints(x, y, size)
        .map(([px, py]) => `${n(px)},${n(py)}`)
        .join(" ")}" ${solid}/>`;
    case "cross":
      return `<path class="mark" d="M${n(x - size)},${n(y - size)} L${n(x + size)},${n(y + size)} M${n(x + size)},${n(y - size)} L${n(x - size)},${n(y + size)}" stroke="${color}" stroke-width="3" stroke-linecap="round"/>`;
  }
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
