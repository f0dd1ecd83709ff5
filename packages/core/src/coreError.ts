/** The one error type the core throws; every throw happens before any state changes. */
export type CoreErrorCode =
  | "invalid-clock"
  | "unknown-replica"
  | "invalid-write"
  | "invalid-config";

export class CoreError extends Error {
  override readonly name = "CoreError";
  constructor(
    readonly code: CoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}
