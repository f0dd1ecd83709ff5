/** `/control/*`: fault injection on outgoing links, the held list, delivery mode, reset, crash. */
import {
  type CrashResponse,
  type HeldList,
  type LinkResponse,
  linkUpdateSchema,
  type ModeResponse,
  modeRequestSchema,
  type ResetResponse,
  resetRequestSchema,
} from "@causal-kv/protocol";
import type { FastifyInstance } from "fastify";
import type { ReplicaNode } from "../replicaNode.js";
import type { PeerTransport } from "../transport/peerTransport.js";
import { parseInput } from "./parseInput.js";

export function registerControlRoutes(
  app: FastifyInstance,
  node: ReplicaNode,
  transport: PeerTransport,
  crash: () => void,
): void {
  app.get("/control/links", async () => ({ links: node.allLinks() }));

  app.put<{ Params: { peer: string } }>(
    "/control/links/:peer",
    async (request): Promise<LinkResponse> => {
      const { peer } = request.params;
      node.link(peer);
      const update = parseInput(linkUpdateSchema, request.body ?? {}, "invalid-link");
      return { peer, link: await node.updateLink(peer, update) };
    },
  );

  app.get("/control/held", async (): Promise<HeldList> => ({ held: transport.held.list() }));

  app.post<{ Params: { id: string } }>(
    "/control/held/:id/release",
    async (request): Promise<HeldList> => {
      transport.release(request.params.id);
      return { held: transport.held.list() };
    },
  );

  app.post<{ Params: { id: string } }>(
    "/control/held/:id/drop",
    async (request): Promise<HeldList> => {
      transport.drop(request.params.id);
      return { held: transport.held.list() };
    },
  );

  app.post("/control/mode", async (request): Promise<ModeResponse> => {
    const { delivery } = parseInput(modeRequestSchema, request.body, "invalid-body");
    return { id: node.id, mode: await node.setMode(delivery) };
  });

  // For the lab: answer, then die at once as `kill -9` would (no flush, no goodbye to peers).
  app.post("/control/crash", async (_request, reply): Promise<CrashResponse> => {
    reply.raw.once("finish", crash);
    return { id: node.id, crashing: true };
  });

  app.post("/control/reset", async (request): Promise<ResetResponse> => {
    // No body is {}; a JSON null is a body, and not a valid one.
    const body = request.body === undefined ? {} : request.body;
    const { epoch } = parseInput(resetRequestSchema, body, "invalid-body");
    return { id: node.id, epoch: await node.reset(epoch) };
  });
}
