/**
 * Epochs number a cluster's resets: whole numbers from 0 to 2^53 - 1, the largest a JSON number
 * carries exactly, so `current + 1` is never computed past it. A stored epoch is read whatever it
 * is: one past the range (written by an older replica) is taken as the last, never refused, since
 * a replica that refused its own database would restart into the same refusal forever.
 */
import { ApiError } from "./apiError.js";

export const maxEpoch = Number.MAX_SAFE_INTEGER;

/**
 * The epoch a reset from `current` moves to: `requested`, or `current` + 1. Asking for the epoch
 * the replica is in already names it (nothing to do); an older one, or one past the range, throws.
 */
export function resetTarget(current: number, requested: number | undefined): number {
  const next = requested ?? current + 1;
  if (next > maxEpoch) {
    throw new ApiError(
      "epoch-out-of-range",
      `this replica is at epoch ${current}; epochs end at ${maxEpoch}`,
    );
  }
  if (next < current) {
    throw new ApiError(
      "epoch-not-newer",
      `this replica is at epoch ${current}; a reset must move to a later one`,
    );
  }
  return next;
}

/** The epoch a stored value stands for, or undefined when it is not a count at all. */
export function storedEpoch(value: unknown): number | undefined {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) return undefined;
  return Math.min(value, maxEpoch);
}
