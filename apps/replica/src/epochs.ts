/**
 * Epochs number a cluster's resets: whole numbers from 0 to 2^53 - 1, the largest a JSON number
 * carries exactly, so `current + 1` is never computed past it. A stored epoch is read whatever it
 * is: one past the range (written by an older replica) is taken as the last, never refused, since
 * a replica that refused its own database would restart into the same refusal forever.
 */
export const maxEpoch = Number.MAX_SAFE_INTEGER;

/** The epoch a stored value stands for, or undefined when it is not a count at all. */
export function storedEpoch(value: unknown): number | undefined {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) return undefined;
  return Math.min(value, maxEpoch);
}
