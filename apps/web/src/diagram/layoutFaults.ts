/**
 * The faults the diagram draws without hovering, in axis units: each link that is cut, held or
 * slowed (from the live link settings, so drawn at "now"), and each stretch a replica was down
 * (greyed on its lane) with its restart. A down stretch comes from the lab's stream going down and
 * up; a restart the lab did not see go down is greyed from the replica's last event before it.
 * A catch-up (state transferred from a peer) is named on its lane, since its diamond alone reads
 * like a restart.
 */
import type { ReplicaId } from "@causal-kv/core";
import type { LinkSettings } from "@causal-kv/protocol";
import type { TraceLayout } from "./layoutTrace";

export type LinkFaultKind = "cut" | "held" | "slow" | "lossy";

export interface LinkFault {
  readonly fromLane: number;
  readonly toLane: number;
  readonly kind: LinkFaultKind;
  /** "cut", "held", "+1.5 s": what the link does, in a word. */
  readonly text: string;
  readonly description: string;
}

export interface DownStretch {
  readonly lane: number;
  readonly start: number;
  /** Absent while it is still down (drawn to "now"). */
  readonly end?: number;
}

export interface FaultLayout {
  readonly links: readonly LinkFault[];
  readonly down: readonly DownStretch[];
  /** Axis positions of restarts, by lane. */
  readonly restarts: readonly { readonly lane: number; readonly x: number }[];
  /** Axis positions of catch-ups, by lane, with the peer each caught up from. */
  readonly catchUps: readonly CatchUpMark[];
}

export interface CatchUpMark {
  readonly lane: number;
  readonly x: number;
  readonly from: ReplicaId;
}

export interface ReplicaFaults {
  readonly id: ReplicaId;
  readonly links: Readonly<Record<ReplicaId, LinkSettings>>;
  readonly downSince?: number;
  readonly outages: readonly { readonly from: number; readonly to: number }[];
}

export function layoutFaults(layout: TraceLayout, replicas: readonly ReplicaFaults[]): FaultLayout {
  const laneOf = new Map(layout.lanes.map((id, lane) => [id, lane]));
  const links: LinkFault[] = [];
  for (const replica of replicas) {
    const fromLane = laneOf.get(replica.id);
    if (fromLane === undefined) continue;
    for (const [peer, link] of Object.entries(replica.links)) {
      const toLane = laneOf.get(peer);
      if (toLane === undefined) continue;
      const fault = linkFault(link);
      if (fault)
        links.push({
          fromLane,
          toLane,
          ...fault,
          description: `${replica.id} → ${peer}: ${fault.description}`,
        });
    }
  }

  const down: DownStretch[] = [];
  const restarts: { lane: number; x: number }[] = [];
  const restartsOf = (lane: number) =>
    layout.marks.filter((m) => m.lane === lane && m.type === "restart");
  for (const replica of replicas) {
    const lane = laneOf.get(replica.id);
    if (lane === undefined) continue;
    for (const outage of replica.outages) {
      if (outage.to < layout.start) continue;
      // The stretch ends at the restart that ended it, where the lab saw it.
      const start = layout.positionAt(outage.from);
      const seenBack = layout.positionAt(outage.to);
      const restart = restartsOf(lane).find((m) => m.time >= outage.from && m.time <= outage.to);
      const end = restart?.x ?? seenBack;
      // On the logical axis other lanes may reach past the restart's column: keep the stretch.
      down.push({ lane, start: Math.min(start, end - 0.5), end });
    }
    if (replica.downSince !== undefined)
      down.push({ lane, start: layout.positionAt(replica.downSince) });
  }
  // Restarts in the journal: the lane was down from its previous event until the restart.
  const previous = new Map<number, number>();
  const catchUps: CatchUpMark[] = [];
  for (const mark of [...layout.marks].sort(
    (a, b) => a.lane - b.lane || a.event.seq - b.event.seq,
  )) {
    if (mark.event.type === "catch-up")
      catchUps.push({ lane: mark.lane, x: mark.x, from: mark.event.from });
    if (mark.type === "restart") {
      restarts.push({ lane: mark.lane, x: mark.x });
      const before = previous.get(mark.lane);
      const covered = down.some(
        (d) =>
          d.lane === mark.lane &&
          d.end !== undefined &&
          d.end >= (before ?? d.end) &&
          d.start <= mark.x,
      );
      if (before !== undefined && !covered)
        down.push({ lane: mark.lane, start: before, end: mark.x });
    }
    previous.set(mark.lane, mark.x);
  }
  return { links, down, restarts, catchUps };
}

function linkFault(
  link: LinkSettings,
): { kind: LinkFaultKind; text: string; description: string } | undefined {
  if (link.partitioned)
    return { kind: "cut", text: "cut", description: "partitioned: nothing gets through" };
  if (link.hold)
    return { kind: "held", text: "held", description: "held: messages wait until released" };
  if (link.delayMs > 0 || link.jitterMs > 0) {
    const text = `+${formatDelay(link.delayMs)}${link.jitterMs > 0 ? ` ±${formatDelay(link.jitterMs)}` : ""}`;
    return { kind: "slow", text, description: `slowed: each message takes ${text} more` };
  }
  if (link.dropRate > 0) {
    const percent = Math.round(link.dropRate * 100);
    return {
      kind: "lossy",
      text: `drops ${percent} %`,
      description: `lossy: ${percent} % of messages are lost and sent again`,
    };
  }
  return undefined;
}

function formatDelay(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(2))} s` : `${ms} ms`;
}
