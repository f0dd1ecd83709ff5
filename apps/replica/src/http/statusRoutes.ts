/** `GET /health`, `GET /status` and `GET /events?after=N`: reading a replica. */
import { eventsQuerySchema, type HealthResponse, type StatusResponse } from "@causal-kv/protocol";
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
    const rows = db.eventsAfter(after, limit);
    const next = rows[rows.length - 1]?.seq ?? after;
    // Events are stored as JSON text: the page is assembled without parsing them again.
    const events = rows.map((row) => row.event).join(",");
    return reply
      .type("application/json")
      .send(`{"events":[${events}],"next":${next},"epoch":${node.epoch}}`);
  });
}
