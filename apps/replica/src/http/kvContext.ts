/**
 * Causal contexts on the `/kv` routes: a request that carries one waits (woken by delivery, never
 * inside a transaction) until this replica has delivered everything it covers, and is cancelled if
 * its client disconnects; every answer carries the context merged with what it observed. It reads
 * only the request's headers and answers on the raw response, so fastify's routes and the direct
 * write path (directWrites.ts) share it.
 */
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import { contextReached, merge, type VectorClock } from "@causal-kv/core";
import { causalContextHeader, clusterTag, encodeCausalContext } from "@causal-kv/protocol";
import type { ContextWaits } from "../context/contextWaits.js";
import type { ReplicaNode } from "../replicaNode.js";
import { readRequestContext } from "./causalContextInput.js";

export class KvContext {
  private readonly clusterTag: string;

  constructor(
    private readonly node: ReplicaNode,
    private readonly waits: ContextWaits,
  ) {
    this.clusterTag = clusterTag(node.members);
  }

  /**
   * The request's context clock, once reached here; undefined when it sent none. `wait` is the
   * URL's `wait` parameter; `response` closing (the client left) ends the wait.
   */
  async reach(
    headers: IncomingHttpHeaders,
    wait: unknown,
    response: ServerResponse,
  ): Promise<VectorClock | undefined> {
    const { node } = this;
    if (headers[causalContextHeader] === undefined) return undefined;
    const delivered = node.delivered;
    const context = readRequestContext(headers, wait, {
      id: node.id,
      members: node.members,
      clusterTag: this.clusterTag,
      epoch: node.epoch,
      delivered,
      rejoining: node.rejoining.length > 0,
    });
    if (!context) return undefined;
    if (contextReached(delivered, context.clock)) return context.clock;
    // Only a request that must wait listens for its client leaving.
    const gone = new AbortController();
    const abort = () => gone.abort();
    response.once("close", abort);
    try {
      await this.waits.reach(context.clock, context.waitMs, gone.signal);
    } finally {
      response.off("close", abort);
    }
    return context.clock;
  }

  /** The answer's context header: what the request carried, merged with every clock it observed. */
  answer(
    epoch: number,
    carried: VectorClock | undefined,
    observed: readonly VectorClock[],
  ): string {
    let clock = carried ?? {};
    for (const seen of observed) clock = merge(clock, seen);
    return encodeCausalContext({ cluster: this.clusterTag, epoch, clock });
  }
}
