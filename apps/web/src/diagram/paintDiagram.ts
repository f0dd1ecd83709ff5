/**
 * Paints one view's screen geometry onto a canvas: lanes, buffer bars, arrows, then marks, batched
 * into one path per kind so 20,000 events cost a handful of draw calls.
 */
import type { JournalEventType } from "@causal-kv/core";
import {
  arrowColor,
  bufferColor,
  coneColors,
  eventStyles,
  inFlightDash,
  type MarkShape,
  pentagonPoints,
} from "./eventStyle";
import { laneCenter, type ScreenGeometry } from "./screenGeometry";

export interface PaintOptions {
  readonly width: number;
  readonly lanes: number;
  readonly laneGap: number;
  /** Whether some event is focused, so marks outside its cone fade. */
  readonly focused: boolean;
}

const fadedAlpha = 0.16;
/** Past this many shapes on screen, outlines and arrowheads go: they cost more than they tell. */
const denseShapes = 2500;
/**
 * Past this many messages on their way on screen, their arrows are drawn solid and faint instead of
 * dashed: a busy run has hundreds, and their dashes cost more than they tell.
 */
const maxDashedArrows = 24;

export function paintDiagram(
  ctx: CanvasRenderingContext2D,
  geometry: ScreenGeometry,
  options: PaintOptions,
): void {
  const { width, lanes, laneGap, focused } = options;
  const dense = geometry.marks.length + geometry.arrows.length > denseShapes;
  ctx.lineCap = dense ? "butt" : "round";
  ctx.strokeStyle = "#c8c8c8";
  ctx.lineWidth = 2;
  ctx.beginPath();
  for (let lane = 0; lane < lanes; lane++) {
    const y = laneCenter(lane, laneGap);
    ctx.moveTo(0, y);
    ctx.lineTo(width, y);
  }
  ctx.stroke();

  ctx.fillStyle = bufferColor;
  ctx.globalAlpha = focused ? 0.35 : 0.75;
  for (const bar of geometry.bars) ctx.fillRect(bar.x, bar.y, bar.width, 8);

  // Dashes are stroked dash by dash in software: 200 messages on their way took 400 ms to paint.
  let inFlightCount = 0;
  for (const a of geometry.arrows) if (a.inFlight) inFlightCount++;
  const dashed = inFlightCount <= maxDashedArrows;
  for (const lit of [false, true]) {
    for (const inFlight of [false, true]) {
      const path = new Path2D();
      const heads = new Path2D();
      const dashes: Path2D[] = [];
      let any = false;
      for (const a of geometry.arrows) {
        if (a.lit !== lit || a.inFlight !== inFlight) continue;
        any = true;
        const line = inFlight && dashed ? new Path2D() : path;
        line.moveTo(a.x1, a.y1);
        line.lineTo(a.x2, a.y2);
        if (line !== path) dashes.push(line);
        if (!dense) addArrowHead(heads, a.x1, a.y1, a.x2, a.y2);
      }
      if (!any) continue;
      ctx.globalAlpha = focused && !lit ? fadedAlpha : inFlight && !dashed ? 0.45 : 0.85;
      ctx.strokeStyle = arrowColor;
      ctx.fillStyle = arrowColor;
      ctx.lineWidth = focused && lit ? 2.2 : dense || (inFlight && !dashed) ? 1 : 1.6;
      ctx.stroke(path);
      if (dashes.length > 0) {
        // One stroke per dashed arrow, square-ended: cheaper than one path of them all or round ends.
        ctx.lineCap = "butt";
        ctx.setLineDash([...inFlightDash]);
        for (const line of dashes) ctx.stroke(line);
        ctx.setLineDash([]);
        ctx.lineCap = dense ? "butt" : "round";
      }
      ctx.fill(heads);
    }
  }

  paintArrowLabels(ctx, geometry, focused);

  if (focused) {
    // Halos under the marks: the past in sky-blue discs, the future in purple squares.
    const past = new Path2D();
    const future = new Path2D();
    for (const m of geometry.marks) {
      if (m.role === 1 || m.role === 3) addShape(past, "disc", m.x, m.y, 12);
      if (m.role === 2 || m.role === 3) addShape(future, "square", m.x, m.y, 11);
    }
    ctx.globalAlpha = 0.55;
    ctx.fillStyle = coneColors.future;
    ctx.fill(future);
    ctx.fillStyle = coneColors.past;
    ctx.fill(past);
  }

  const groups = new Map<string, { type: JournalEventType; faded: boolean; path: Path2D }>();
  for (const m of geometry.marks) {
    const faded = focused && m.role === 0;
    const key = `${m.type}:${faded}`;
    let group = groups.get(key);
    if (!group) {
      group = { type: m.type, faded, path: new Path2D() };
      groups.set(key, group);
    }
    const style = eventStyles[m.type];
    addShape(group.path, style.shape, m.x, m.y, m.type === "receive" ? 5 : 7);
  }
  for (const { type, faded, path } of groups.values()) {
    const { color, shape } = eventStyles[type];
    ctx.globalAlpha = faded ? fadedAlpha : 1;
    if (shape === "cross") {
      ctx.strokeStyle = color;
      ctx.lineWidth = 3;
      ctx.stroke(path);
    } else if (shape === "ring") {
      if (!dense) {
        ctx.fillStyle = "#fff";
        ctx.fill(path);
      }
      ctx.strokeStyle = color;
      ctx.lineWidth = 2.5;
      ctx.stroke(path);
    } else {
      ctx.fillStyle = color;
      ctx.fill(path);
      if (!dense) {
        ctx.strokeStyle = "#fff";
        ctx.lineWidth = 1.5;
        ctx.stroke(path);
      }
    }
  }
  ctx.globalAlpha = 1;
}

/**
 * Each arrow's write, on a white backing so it reads over lanes and other arrows: a filled box,
 * not a stroked glyph outline (stroking the text was most of a live frame's rasterizing here).
 */
function paintArrowLabels(
  ctx: CanvasRenderingContext2D,
  geometry: ScreenGeometry,
  focused: boolean,
): void {
  ctx.font = "600 11px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  const widths = new Map<string, number>();
  for (const faded of [true, false]) {
    if (faded && !focused) continue;
    const backs = new Path2D();
    const texts: { text: string; x: number; y: number }[] = [];
    for (const a of geometry.arrows) {
      if (!a.label || (focused && !a.lit) !== faded) continue;
      const { text, x, y } = a.label;
      let width = widths.get(text);
      if (width === undefined) {
        width = ctx.measureText(text).width;
        widths.set(text, width);
      }
      backs.rect(x - width / 2 - 2, y - 7, width + 4, 14);
      texts.push(a.label);
    }
    if (texts.length === 0) continue;
    ctx.globalAlpha = faded ? fadedAlpha : 1;
    ctx.fillStyle = "#fff";
    ctx.fill(backs);
    ctx.fillStyle = arrowColor;
    for (const { text, x, y } of texts) ctx.fillText(text, x, y);
  }
  ctx.globalAlpha = 1;
}

function addArrowHead(path: Path2D, x1: number, y1: number, x2: number, y2: number): void {
  const angle = Math.atan2(y2 - y1, x2 - x1);
  const size = 9;
  path.moveTo(x2, y2);
  path.lineTo(x2 - size * Math.cos(angle - 0.4), y2 - size * Math.sin(angle - 0.4));
  path.lineTo(x2 - size * Math.cos(angle + 0.4), y2 - size * Math.sin(angle + 0.4));
  path.lineTo(x2, y2);
}

/**
 * The same shapes as MarkGlyph, as path segments. Shapes are closed by a line back to their start,
 * not closePath(): on a Path2D of thousands of shapes closePath made a frame take hundreds of ms.
 */
export function addShape(path: Path2D, shape: MarkShape, x: number, y: number, size: number): void {
  switch (shape) {
    case "disc":
      path.moveTo(x + size, y);
      path.arc(x, y, size, 0, Math.PI * 2);
      break;
    case "ring":
      path.moveTo(x + size - 1, y);
      path.arc(x, y, size - 1, 0, Math.PI * 2);
      break;
    case "square":
      path.rect(x - size, y - size, size * 2, size * 2);
      break;
    case "triangle":
      path.moveTo(x - size, y - size);
      path.lineTo(x + size, y);
      path.lineTo(x - size, y + size);
      path.lineTo(x - size, y - size);
      break;
    case "diamond":
      path.moveTo(x, y - size - 2);
      path.lineTo(x + size + 2, y);
      path.lineTo(x, y + size + 2);
      path.lineTo(x - size - 2, y);
      path.lineTo(x, y - size - 2);
      break;
    case "pentagon":
      {
        const corners = pentagonPoints(x, y, size);
        for (const [i, [px, py]] of corners.entries()) {
          if (i === 0) path.moveTo(px, py);
          else path.lineTo(px, py);
        }
        const [first] = corners;
        if (first) path.lineTo(first[0], first[1]);
      }
      break;
    case "cross":
      path.moveTo(x - size, y - size);
      path.lineTo(x + size, y + size);
      path.moveTo(x + size, y - size);
      path.lineTo(x - size, y + size);
      break;
  }
}
