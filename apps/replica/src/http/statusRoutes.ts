/** `GET /health`, `GET /status` and `GET /events?after=N`: reading a replica. */
import {
  eventsQuerySchema,
  type HealthResponse,
  maxEventsPageBytes,
  type StatusResponse,
} from "@causal-kv/protocol";
import type { FastifyInstance } from "fastify";
import type { ReplicaNode } from "../replicaNode.js";
import type { ReplicaDatabase } from "../storage/replicaDatabase.js";
import { parseInput } from "./parseInput.js";

export function registerStatusRoutes(
  app: FastifyInstance,
  node: ReplicaNode,
  db: ReplicaDatabase,
): void {
  app.get("/health", async (): Promise<HealthResponse> => ({ ok: true, id: node.id }));

  app.get("/status", async (): Promise<StatusResponse> => {
    await node.settled();
    return node.status();
  });

  app.get("/events", async (request, reply) => {
    const { after, limit } = parseInput(eventsQuerySchema, request.query, "invalid-cursor");
    await node.settled();
    // A cursor before what compaction left reads on from the journal's start, and `start` says so.
    const start = db.journal.start;
    const from = Math.max(after, start - 1);
    const rows = withinBytes(db.eventsAfter(from, limit), maxEventsPageBytes);
    const next = rows[rows.length - 1]?.seq ?? from;
    // Events are stored as JSON text: the page is assembled without parsing them again.
    const events = rows.map((row) => row.event).join(",");
    return reply
      .type("application/json")
      .send(`{"events":[${events}],"next":${next},"epoch":${node.epoch},"start":${start}}`);
  });
}

/** The first rows whose JSON fits in `budget` bytes; always the first row, however large. */
function withinBytes<Row extends { event: string }>(rows: Row[], budget: number): Row[] {
  let bytes = 0;
  for (let i = 0; i < rows.length; i++) {
    bytes += Buffer.byteLength((rows[i] as Row).event);
    if (bytes > budget && i > 0) return rows.slice(0, i);
  }
  return rows;
}
