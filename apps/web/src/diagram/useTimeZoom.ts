/**
 * The diagram's x scale under d3-zoom (horizontal only), in the units of its axis (ms or logical
 * columns). While following, the view keeps the whole run, or its latest stretch, in sight; the
 * user's first pan or zoom stops following and freezes the view where it was, so new events no
 * longer move it. A wheel zooms about the point under the pointer: the zoom sees the whole SVG, so
 * the scale it rescales starts where the plot does, `offset` px in.
 */
import { type ScaleLinear, scaleLinear, select, type ZoomTransform, zoom, zoomIdentity } from "d3";
import { type RefObject, useEffect, useMemo, useRef, useState } from "react";
import { type AxisSpans, followDomain } from "./axisSpans";

/** `base` zoomed by `transform`, read as the zoom sees it (SVG px) but ranged over the plot. */
export function zoomedScale(
  domain: readonly [number, number],
  width: number,
  offset: number,
  transform: ZoomTransform,
): ScaleLinear<number, number> {
  const svgScale = scaleLinear()
    .domain(domain)
    .range([offset, offset + width]);
  const zoomed = transform.rescaleX(svgScale);
  return scaleLinear()
    .domain([zoomed.invert(offset), zoomed.invert(offset + width)])
    .range([0, width]);
}

export function useTimeZoom(
  svgRef: RefObject<SVGSVGElement | null>,
  extent: { first: number; last: number },
  spans: AxisSpans,
  width: number,
  offset: number,
  follow: boolean,
  onUserZoom: () => void,
  /** Another run or axis shown: the frozen view starts over on its whole span. */
  runKey: string,
): ScaleLinear<number, number> {
  const [transform, setTransform] = useState<ZoomTransform>(zoomIdentity);
  const behavior = useRef<ReturnType<typeof zoom<SVGSVGElement, unknown>> | null>(null);
  const userZoom = useRef(onUserZoom);
  userZoom.current = onUserZoom;

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const z = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.02, 1000])
      .on("zoom", (event: { transform: ZoomTransform; sourceEvent: unknown }) => {
        setTransform(event.transform);
        if (event.sourceEvent) userZoom.current();
      });
    behavior.current = z;
    select(svg).call(z).on("dblclick.zoom", null);
    return () => {
      select(svg).on(".zoom", null);
    };
  }, [svgRef]);

  // Following again starts from an unzoomed view.
  useEffect(() => {
    const svg = svgRef.current;
    if (follow && svg && behavior.current)
      select(svg).call(behavior.current.transform, zoomIdentity);
  }, [follow, svgRef]);

  const { first, last } = extent;
  const { min, follow: window, before, after } = spans;
  const liveDomain = useMemo(
    () => followDomain({ first, last }, { min, follow: window, before, after }),
    [first, last, min, window, before, after],
  );
  const frozenDomain = useRef(liveDomain);
  const shownRun = useRef(runKey);
  if (follow) frozenDomain.current = liveDomain;
  else if (shownRun.current !== runKey) {
    const span = Math.max(last - first, min);
    frozenDomain.current = [first - Math.max(before, span * 0.03), last + after];
  }
  shownRun.current = runKey;

  // A new run starts unzoomed.
  useEffect(() => {
    const svg = svgRef.current;
    if (runKey && svg && behavior.current)
      select(svg).call(behavior.current.transform, zoomIdentity);
  }, [runKey, svgRef]);

  const domain = follow ? liveDomain : frozenDomain.current;
  return useMemo(
    () => zoomedScale(domain, Math.max(width, 1), offset, follow ? zoomIdentity : transform),
    [domain, width, offset, follow, transform],
  );
}
