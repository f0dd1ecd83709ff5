"use client";
/**
 * The named clients' lanes above the replicas': each request an arrow down to the replica that
 * served it and its answer an arrow back up, the context it carried in its hover text, and every
 * read the client checker rang marked like any violation. Drawn in the replicas' coordinates, so
 * the clients' lanes are at negative y.
 */
import type { ClientVerdict } from "../lab/useClientVerdict";
import { ViolationGlyph } from "./DiagramLegend";
import { describeRequest } from "./describeRequest";
import type { ClientLayout, ClientRequest } from "./layoutClients";
import { laneCenter } from "./screenGeometry";

/** The height of one client's lane, and of the gap below the clients' lanes. */
export const clientLaneGap = 20;
const bandGap = 8;

/** How much room the clients' lanes take above the replicas' (none without clients). */
export function clientBandHeight(clients: number): number {
  return clients === 0 ? 0 : clients * clientLaneGap + bandGap;
}

function clientY(lane: number, clients: number): number {
  return -clientBandHeight(clients) + lane * clientLaneGap + clientLaneGap / 2;
}

export function ClientLanes({
  layout,
  x,
  plotWidth,
  laneGap,
  now,
  verdict,
}: {
  layout: ClientLayout;
  /** A moment (trace ms) to its x in px, on whatever axis the diagram shows. */
  x: (time: number) => number;
  plotWidth: number;
  laneGap: number;
  /** Where a request still waiting is drawn to. */
  now: number;
  verdict: ClientVerdict;
}) {
  const count = layout.clients.length;
  if (count === 0) return null;
  const rung = new Map(
    verdict.violations.flatMap(({ violation, exchange }) =>
      exchange ? [[exchange.id, violation] as const] : [],
    ),
  );
  return (
    <g className="client-lanes">
      <defs>
        <marker
          id="client-arrowhead"
          viewBox="0 0 8 8"
          refX={7}
          refY={4}
          markerWidth={7}
          markerHeight={7}
          orient="auto-start-reverse"
        >
          <path d="M0,0 L8,4 L0,8 z" fill="#3d3d3d" />
        </marker>
      </defs>
      {layout.clients.map((client, lane) => (
        <g key={client}>
          <line
            x1={0}
            x2={plotWidth}
            y1={clientY(lane, count)}
            y2={clientY(lane, count)}
            className="client-lane-line"
          />
          <text
            x={-12}
            y={clientY(lane, count)}
            dy="0.35em"
            textAnchor="end"
            className="lane-label client-lane-label"
          >
            {client}
          </text>
        </g>
      ))}
      {layout.requests.map((request) => (
        <RequestArrows
          key={request.exchange.id}
          request={request}
          x={x}
          yClient={clientY(request.clientLane, count)}
          yReplica={laneCenter(request.replicaLane, laneGap)}
          now={now}
          rung={rung.get(request.exchange.id)?.message}
        />
      ))}
      {layout.requests.map((request) => {
        const violation = rung.get(request.exchange.id);
        if (!violation || request.answeredAt === undefined) return null;
        const cx = x(request.answeredAt);
        const cy = clientY(request.clientLane, count);
        return (
          <g
            key={`violation:${request.exchange.id}`}
            className="violation-mark client-violation"
            data-client-violation={request.exchange.id}
          >
            <title>{violation.message}</title>
            <ViolationGlyph x={cx} y={cy} r={11} />
            <text x={cx + 14} y={cy} dy="0.35em" className="violation-label">
              ✘ {violation.kind}
            </text>
          </g>
        );
      })}
    </g>
  );
}

function RequestArrows({
  request,
  x,
  yClient,
  yReplica,
  now,
  rung,
}: {
  request: ClientRequest;
  x: (time: number) => number;
  yClient: number;
  yReplica: number;
  now: number;
  rung: string | undefined;
}) {
  const { exchange, sentAt, servedAt, answeredAt, failed } = request;
  const reached = servedAt ?? answeredAt ?? now;
  const text = describeRequest(request);
  return (
    <g
      className={`client-request${failed ? " failed" : ""}`}
      data-client-request={exchange.id}
      data-client={exchange.client}
    >
      <title>{rung ? `${text}\n✘ ${rung}` : text}</title>
      <circle cx={x(sentAt)} cy={yClient} r={4} className="client-mark" />
      {/* A wide invisible stroke, so the hover text comes up without aiming at a hairline. */}
      <line
        x1={x(sentAt)}
        y1={yClient}
        x2={x(reached)}
        y2={yReplica}
        className="client-arrow-hit"
      />
      <line
        x1={x(sentAt)}
        y1={yClient}
        x2={x(reached)}
        y2={yReplica}
        className="client-arrow"
        strokeDasharray={answeredAt === undefined || failed ? "4 3" : undefined}
        markerEnd="url(#client-arrowhead)"
      />
      {answeredAt !== undefined && (
        <line
          x1={x(servedAt ?? answeredAt)}
          y1={yReplica}
          x2={x(answeredAt)}
          y2={yClient}
          className="client-arrow answer"
          strokeDasharray={failed ? "4 3" : undefined}
          markerEnd="url(#client-arrowhead)"
        />
      )}
    </g>
  );
}
