/**
 * The causal context of a `/kv` request: the `causal-context` header checked against this replica
 * (same cluster, same epoch, counts of its own writes it has made), and `?wait=` in milliseconds.
 * A request without the header has no context and waits for nothing, whatever `wait` says.
 */

import type { IncomingHttpHeaders } from "node:http";
import { clockEntry, type ReplicaId, type VectorClock } from "@causal-kv/core";
import {
  causalContextHeader,
  contextWaitSchema,
  decodeCausalContext,
  defaultContextWaitMs,
} from "@causal-kv/protocol";
import { ApiError } from "../apiError.js";
import { ContextNotReached } from "../context/contextNotReached.js";
import { parseInput } from "./parseInput.js";

/** What a context is checked against: this replica as it is now. */
export interface ContextScope {
  readonly id: ReplicaId;
  readonly members: readonly ReplicaId[];
  readonly clusterTag: string;
  readonly epoch: number;
  readonly delivered: VectorClock;
  /**
   * Back on an empty disk and still learning from its peers which of its own writes they hold
   * (rejoinGate.ts): a context may then count its own writes it has yet to catch up on.
   */
  readonly rejoining: boolean;
}

export interface RequestContext {
  readonly clock: VectorClock;
  readonly waitMs: number;
}

/** The request's headers and its `wait` query parameter (undefined when the URL has none). */
export function readRequestContext(
  headers: IncomingHttpHeaders,
  wait: unknown,
  scope: ContextScope,
): RequestContext | undefined {
  const token = headers[causalContextHeader];
  if (token === undefined) return undefined;
  if (typeof token !== "string") {
    throw new ApiError("invalid-context", "send one causal-context header, not several");
  }
  const decoded = decodeCausalContext(token);
  if ("problem" in decoded) throw new ApiError("invalid-context", decoded.problem);
  const { cluster, epoch, clock } = decoded;
  const stranger = Object.keys(clock).find((id) => !scope.members.includes(id));
  if (cluster !== scope.clusterTag || stranger !== undefined) {
    throw new ApiError(
      "invalid-context",
      `the causal context is from another cluster; this one is ${scope.members.join(", ")}`,
    );
  }
  if (epoch < scope.epoch) {
    throw new ApiError(
      "stale-context",
      `the causal context is from epoch ${epoch}, before the reset to epoch ${scope.epoch}: what it covers is gone; start a new session`,
    );
  }
  if (epoch > scope.epoch) {
    // The cluster is being reset and this replica is not there yet: nothing of that epoch is here.
    throw new ContextNotReached(
      clock,
      `the causal context is from epoch ${epoch}; ${scope.id} is still at epoch ${scope.epoch} (a reset is under way): retry`,
    );
  }
  const own = clockEntry(clock, scope.id);
  // Counting writes of this replica's it never made is a forged or foreign context, unless the
  // replica is rejoining: then they are on a peer and on their way here, so the request waits.
  if (own > clockEntry(scope.delivered, scope.id) && !scope.rejoining) {
    throw new ApiError(
      "invalid-context",
      `the causal context counts ${scope.id}'s write #${own}, but ${scope.id} has made ${clockEntry(scope.delivered, scope.id)}`,
    );
  }
  const waitMs =
    wait === undefined ? defaultContextWaitMs : parseInput(contextWaitSchema, wait, "invalid-wait");
  return { clock, waitMs };
}
