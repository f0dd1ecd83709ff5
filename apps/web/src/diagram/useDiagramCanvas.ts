/**
 * Paints the diagram's canvas. A full paint draws three screen-widths of the run (the view and one
 * on each side) into an offscreen bitmap; while the user is zooming or panning, frames only redraw
 * that bitmap shifted and stretched (one drawImage, whatever the run's size), and the full paint
 * follows once the gesture pauses. So frames stay cheap at 100,000 events.
 */
import { type RefObject, useEffect, useLayoutEffect, useRef, useState } from "react";
import { laneDensity, outsideDensity } from "./laneDensity";
import type { TraceLayout } from "./layoutTrace";
import { paintDensity } from "./paintDensity";
import { paintDiagram } from "./paintDiagram";
import { type DiagramView, screenGeometry } from "./screenGeometry";

/** How long after the last zoom or pan event the sharp full paint comes. */
const settleMs = 140;

export interface DiagramCanvasInput {
  readonly layout: TraceLayout;
  readonly from: number;
  readonly to: number;
  readonly width: number;
  readonly height: number;
  readonly plotWidth: number;
  readonly laneGap: number;
  readonly margin: { readonly left: number; readonly top: number };
  readonly roles: Uint8Array | undefined;
  readonly focusId: string | undefined;
  /** performance.now() of the user's last zoom or pan event. */
  readonly lastGesture: RefObject<number>;
  /**
   * Following the live run: the view moves on with every journal update and is repainted anyway,
   * so only the view itself is painted, straight onto the canvas, with no bitmap to pan over.
   */
  readonly following: boolean;
}

interface Snapshot {
  readonly bitmap: HTMLCanvasElement;
  readonly from: number;
  readonly to: number;
  /** CSS px of the bitmap: 3 × plotWidth. */
  readonly width: number;
  readonly layout: TraceLayout;
  readonly roles: Uint8Array | undefined;
  readonly plotWidth: number;
  readonly plotHeight: number;
}

export function useDiagramCanvas(
  canvasRef: RefObject<HTMLCanvasElement | null>,
  input: DiagramCanvasInput,
): void {
  const snapshot = useRef<Snapshot | undefined>(undefined);
  const settleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [settled, setSettled] = useState(0);
  const {
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
    following,
  } = input;

  useEffect(() => () => clearTimeout(settleTimer.current), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `settled` only asks for the full paint after a gesture
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx || width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    const plotHeight = layout.lanes.length * laneGap;
    // Resizing reallocates the bitmap: only when the size really changed, not every frame.
    const pixelWidth = Math.round(width * ratio);
    const pixelHeight = Math.round(height * ratio);
    if (canvas.width !== pixelWidth) canvas.width = pixelWidth;
    if (canvas.height !== pixelHeight) canvas.height = pixelHeight;

    const old = snapshot.current;
    const gesturing = performance.now() - (lastGesture.current ?? 0) < settleMs;
    const reusable =
      old !== undefined &&
      old.layout === layout &&
      old.roles === roles &&
      old.plotWidth === plotWidth &&
      old.plotHeight === plotHeight;
    let visibleMarks = Number(canvas.dataset.visibleMarks ?? 0);
    let denseColumns = Number(canvas.dataset.denseColumns ?? 0);
    let visibleArrows = Number(canvas.dataset.visibleArrows ?? 0);
    const paintView = (target: CanvasRenderingContext2D, view: DiagramView) => {
      const density = laneDensity(layout, view);
      const geometry = outsideDensity(screenGeometry(layout, view, roles), density, laneGap);
      visibleMarks = geometry.marks.length;
      visibleArrows = geometry.arrows.length;
      denseColumns = density.dense.reduce((n, lane) => n + lane.reduce((a, b) => a + b, 0), 0);
      paintDiagram(target, geometry, {
        width: view.width,
        lanes: layout.lanes.length,
        laneGap,
        focused: roles !== undefined,
      });
      paintDensity(target, density, laneGap);
    };
    const clipToPlot = () => {
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, width, height);
      ctx.save();
      ctx.translate(margin.left, margin.top);
      ctx.beginPath();
      ctx.rect(-10, -margin.top, plotWidth + 20, height);
      ctx.clip();
    };
    if (following && !(gesturing && reusable)) {
      // Straight onto the canvas: an offscreen bitmap copied over would be rasterized on this
      // thread at every journal update, and following repaints then anyway.
      clipToPlot();
      paintView(ctx, { from, to, width: plotWidth, laneGap });
      ctx.restore();
      snapshot.current = undefined;
    } else {
      let shown: Snapshot;
      if (gesturing && reusable && old) {
        shown = old;
        clearTimeout(settleTimer.current);
        settleTimer.current = setTimeout(() => setSettled((n) => n + 1), settleMs);
      } else {
        const span = to - from;
        const wide = { from: from - span, to: to + span, width: plotWidth * 3, laneGap };
        const bitmap = old?.bitmap ?? document.createElement("canvas");
        const bw = Math.round(wide.width * ratio);
        const bh = Math.round(plotHeight * ratio);
        if (bitmap.width !== bw) bitmap.width = bw;
        if (bitmap.height !== bh) bitmap.height = bh;
        const bctx = bitmap.getContext("2d");
        if (!bctx) return;
        bctx.setTransform(ratio, 0, 0, ratio, 0, 0);
        bctx.clearRect(0, 0, wide.width, plotHeight);
        paintView(bctx, wide);
        shown = {
          bitmap,
          from: wide.from,
          to: wide.to,
          width: wide.width,
          layout,
          roles,
          plotWidth,
          plotHeight,
        };
        snapshot.current = shown;
      }
      // Bitmap x ↦ screen x is linear: scale by the spans, shift by the starts.
      const scale = (shown.to - shown.from) / (to - from);
      const left = ((shown.from - from) / (to - from)) * plotWidth;
      clipToPlot();
      // An empty bitmap (no lanes yet) cannot be drawn.
      if (shown.bitmap.width > 0 && shown.bitmap.height > 0)
        ctx.drawImage(shown.bitmap, left, 0, scale * plotWidth, plotHeight);
      ctx.restore();
    }

    // What is on the canvas, for tests and the benchmark (a canvas has no DOM to query).
    canvas.dataset.drawnEvents = String(layout.marks.length);
    canvas.dataset.visibleMarks = String(visibleMarks);
    canvas.dataset.denseColumns = String(denseColumns);
    canvas.dataset.visibleArrows = String(visibleArrows);
    canvas.dataset.focus = focusId ?? "";
    canvas.dataset.conePast = String(roles ? roles.filter((r) => r === 1).length : 0);
    canvas.dataset.coneFuture = String(roles ? roles.filter((r) => r === 2).length : 0);
    // The benchmark reads this: the moment a trace of this many events is on screen.
    performance.clearMarks("causal-kv:diagram-drawn");
    performance.mark("causal-kv:diagram-drawn", { detail: { events: layout.marks.length } });
  }, [
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
    settled,
    following,
  ]);
}
