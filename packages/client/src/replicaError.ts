/**
 * Why a request to a replica failed: the replica's own `{ error: { code, message } }`, or
 * `unreachable` when no answer came. An unreachable write is indefinite: it may or may not have
 * been applied, so callers must say so rather than report it as lost.
 */
export class ReplicaError extends Error {
  override readonly name = "ReplicaError";
  constructor(
    readonly code: string,
    message: string,
    /**
     * The HTTP status, or 0 when the replica could not be reached; 400 also for input the client
     * refuses before sending, as the replica would.
     */
    readonly status: number,
    readonly replicaUrl: string,
  ) {
    super(message);
  }

  get unreachable(): boolean {
    return this.status === 0;
  }
}
