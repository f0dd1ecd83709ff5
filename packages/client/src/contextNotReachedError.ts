/**
 * A replica's 503 `context-not-reached`: it has not yet delivered every write the request's
 * causal context covers, so it neither read nor wrote. `missing` names, per replica, the count of
 * its writes still lacking there (`{ node1: 3 }`: node1's writes up to #3).
 */
import type { ReplicaId } from "@causal-kv/core";
import { ReplicaError } from "./replicaError.js";

export class ContextNotReachedError extends ReplicaError {
  constructor(
    message: string,
    status: number,
    replicaUrl: string,
    readonly missing: Readonly<Record<ReplicaId, number>>,
  ) {
    super("context-not-reached", message, status, replicaUrl);
  }
}
