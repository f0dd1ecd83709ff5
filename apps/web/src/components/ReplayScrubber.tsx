"use client";
/**
 * Replay: a scrubber over every moment something happened. Moving it shows each replica's clock,
 * store and buffer as they were then (folded from the journals) and veils the diagram after it.
 */
import { useMemo } from "react";
import { formatMs } from "../lab/describeEvent";
import { hasEarlierEvents, loadEarlierEvents } from "../lab/earlierEvents";
import { useLab } from "../lab/labStore";
import { layoutOf } from "../lab/traceAnalysis";
import { useDeferredTrace } from "../lab/useTraceAnalysis";
import { replayStops } from "../trace/replayState";

export function ReplayScrubber() {
  const trace = useDeferredTrace();
  const { layout } = layoutOf(trace);
  const replayAt = useLab((lab) => lab.replayAt);
  const replay = useLab((lab) => lab.replay);
  const setFollow = useLab((lab) => lab.setFollow);
  const earlierExists = useLab(hasEarlierEvents);
  const stops = useMemo(() => replayStops(trace), [trace]);
  const last = stops.length - 1;
  const index =
    replayAt === undefined
      ? last
      : Math.max(
          0,
          stops.findLastIndex((t) => t <= replayAt),
        );
  const at = (t: number | undefined) => formatMs((t ?? layout.start) - layout.start);
  const text =
    replayAt === undefined ? `now (${at(stops[last])})` : `${at(replayAt)} of ${at(stops[last])}`;

  return (
    <div className="replay-bar">
      <label htmlFor="replay-time">Replay</label>
      <input
        id="replay-time"
        type="range"
        min={0}
        max={Math.max(last, 0)}
        step={1}
        value={Math.max(index, 0)}
        disabled={stops.length < 2}
        aria-valuetext={text}
        onChange={(e) => {
          const stop = Number(e.target.value);
          setFollow(false);
          replay(stops[stop]);
          // Replayed back to the oldest moment shown: fetch what came before it.
          if (stop === 0 && earlierExists) void loadEarlierEvents();
        }}
      />
      {/* Not an <output>: that is a live status region, and the slider already says this. */}
      <span className="replay-at" aria-hidden="true">
        {text}
      </span>
      {earlierExists && (
        <button
          type="button"
          onClick={() => {
            setFollow(false);
            void loadEarlierEvents();
          }}
        >
          Earlier events
        </button>
      )}
      <button type="button" onClick={() => replay(undefined)} disabled={replayAt === undefined}>
        Back to now
      </button>
    </div>
  );
}
