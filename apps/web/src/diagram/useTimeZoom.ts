/**
 * The diagram's time scale under d3-zoom (horizontal only). While following, the view keeps the
 * whole run, or its latest stretch, in sight; the user's first pan or zoom stops following and
 * freezes the view where it was, so new events no longer move it.
 */
import { type ScaleLinear, scaleLinear, select, type ZoomTransform, zoom, zoomIdentity } from "d3";
import { type RefObject, useEffect, useMemo, useRef, useState } from "react";

/** The longest stretch of time shown while following, in ms. */
const followWindowMs = 20_000;

export function useTimeZoom(
  svgRef: RefObject<SVGSVGElement | null>,
  range: { start: number; end: number },
  width: number,
  follow: boolean,
  onUserZoom: () => void,
  /** Another run shown (an import, or back to live): the frozen view starts over on its whole span. */
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

  const liveDomain = useMemo((): [number, number] => {
    const span = Math.max(range.end - range.start, 1000);
    const from = span > followWindowMs ? range.end - followWindowMs : range.start;
    return [from, from + Math.min(span, followWindowMs) * 1.06];
  }, [range.start, range.end]);
  const frozenDomain = useRef(liveDomain);
  const shownRun = useRef(runKey);
  if (follow) frozenDomain.current = liveDomain;
  else if (shownRun.current !== runKey) {
    const pad = Math.max(range.end - range.start, 1000) * 0.03;
    frozenDomain.current = [range.start - pad, range.end + pad];
  }
  shownRun.current = runKey;

  // A new run starts unzoomed.
  useEffect(() => {
    const svg = svgRef.current;
    if (runKey && svg && behavior.current)
      select(svg).call(behavior.current.transform, zoomIdentity);
  }, [runKey, svgRef]);

  const domain = follow ? liveDomain : frozenDomain.current;
  return useMemo(() => {
    const base = scaleLinear()
      .domain(domain)
      .range([0, Math.max(width, 1)]);
    return follow ? base : transform.rescaleX(base);
  }, [domain, width, follow, transform]);
}
