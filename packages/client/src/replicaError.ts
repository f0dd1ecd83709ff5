/**
 * Why a request to a replica failed: the replica's own `{ error: { code, message } }`, or a code the
 * client concluded itself (no answer, an answer it cannot read). Every code is in the protocol's
 * registry, which says whether the outcome is definite: an indefinite write may or may not have
 * been applied, so callers must say so rather than report it as lost.
 */
import { type ErrorCode, errorRegistry } from "@causal-kv/protocol";

export class ReplicaError extends Error {
  override readonly name = "ReplicaError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    /**
     * The HTTP status, or 0 when no answer came; 400 also for input the client refuses before
     * sending, as the replica would.
     */
    readonly status: number,
    readonly replicaUrl: string,
  ) {
    super(message);
  }

  /** Whether the replica answered at all (with any status). */
  get answered(): boolean {
    return this.status !== 0;
  }

  /** True when the request certainly changed nothing, or its outcome is otherwise known. */
  get definite(): boolean {
    return errorRegistry[this.code].definite;
  }
}
