/**
 * A refusal or failure as the replica answers it: a code of the protocol's registry, its status,
 * and the registry's sentence or a more precise one. Replies are `{ error: { code, message } }`;
 * stack traces stay in the log.
 */
import { type ApiErrorCode, apiErrors } from "@causal-kv/protocol";

export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly status: number;

  constructor(
    readonly code: ApiErrorCode,
    /** A more precise sentence than the registry's, when there is one. */
    detail?: string,
  ) {
    super(detail ?? apiErrors[code].message);
    this.status = apiErrors[code].status;
  }

  get body(): { error: { code: ApiErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}
