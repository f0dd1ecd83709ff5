"use client";
/**
 * The hovered mark's tooltip on the space-time diagram: the event in words, its replica's clock
 * after it, the clock of a message that came from another replica, and each causality violation
 * this event is the first of. It sits beside the mark but never runs off the stage's right edge.
 */
import type { Violation } from "@causal-kv/checker";
import { describeEvent, formatClock } from "../lab/describeEvent";
import { eventId } from "../trace/eventId";
import type { DiagramMark } from "./layoutTrace";

export function MarkTooltip({
  mark,
  markX,
  markY,
  stageWidth,
  violations,
}: {
  mark: DiagramMark;
  /** The mark's centre in the stage's pixels (the SVG's, margins included). */
  markX: number;
  markY: number;
  stageWidth: number;
  /** The verdict's causality violations, of the whole trace: the tooltip names the mark's own. */
  violations: readonly Violation[];
}) {
  return (
    <div
      className="tooltip"
      role="tooltip"
      style={{
        left: Math.min(markX + 12, Math.max(stageWidth - 360, 0)),
        // Placed in the figure, whose toolbar sits above the stage.
        top: markY + 44,
      }}
    >
      <strong>{describeEvent(mark.event)}</strong>
      <div>
        {mark.event.replica}'s clock after: {formatClock(mark.event.clock)}
      </div>
      {"message" in mark.event && mark.event.message.origin !== mark.event.replica && (
        <div>message clock: {formatClock(mark.event.message.clock)}</div>
      )}
      {violations
        .filter((v) => v.events[0] && eventId(v.events[0]) === mark.id)
        .map((v) => (
          <div key={v.message} className="tooltip-violation">
            ✘ {v.message}
          </div>
        ))}
    </div>
  );
}
