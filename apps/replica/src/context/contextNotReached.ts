/**
 * The 503 for a causal context this replica has not reached: the registry's error, plus `missing`,
 * the entries of the context not delivered here yet, so the client knows what it waits for.
 */
import type { ReplicaId } from "@causal-kv/core";
import type { ApiErrorCode } from "@causal-kv/protocol";
import { ApiError } from "../apiError.js";

export class ContextNotReached extends ApiError {
  constructor(
    readonly missing: Readonly<Record<ReplicaId, number>>,
    detail: string,
  ) {
    super("context-not-reached", detail);
  }

  override get body(): {
    error: { code: ApiErrorCode; message: string; missing: Readonly<Record<ReplicaId, number>> };
  } {
    return { error: { code: this.code, message: this.message, missing: this.missing } };
  }
}

/** "node1's writes up to #3 and node2's up to #1". */
export function describeMissing(missing: Readonly<Record<ReplicaId, number>>): string {
  const parts = Object.entries(missing).map(([id, count]) => `${id}'s writes up to #${count}`);
  return parts.length <= 1
    ? (parts[0] ?? "nothing")
    : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}
