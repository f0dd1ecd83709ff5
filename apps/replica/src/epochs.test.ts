import { describe, expect, it } from "vitest";
import { ApiError } from "./apiError.js";
import { maxEpoch, resetTarget, storedEpoch } from "./epochs.js";

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof ApiError ? error.code : String(error);
  }
  return "accepted";
};

describe("a reset's target epoch", () => {
  it("is the one asked for, or the next, and the current one names where the replica is", () => {
    expect(resetTarget(4, undefined)).toBe(5);
    expect(resetTarget(4, 9)).toBe(9);
    expect(resetTarget(4, 4)).toBe(4);
    expect(resetTarget(maxEpoch - 1, undefined)).toBe(maxEpoch);
    expect(resetTarget(0, maxEpoch)).toBe(maxEpoch);
  });

  it("is never older, nor past 2^53 - 1, where current + 1 would no longer be exact", () => {
    expect(refusal(() => resetTarget(4, 3))).toBe("epoch-not-newer");
    expect(refusal(() => resetTarget(maxEpoch, undefined))).toBe("epoch-out-of-range");
    expect(refusal(() => resetTarget(4, maxEpoch + 1))).toBe("epoch-out-of-range");
  });
});

describe("a stored epoch", () => {
  it("is read whatever it is, one past the range as the last", () => {
    expect(storedEpoch(0)).toBe(0);
    expect(storedEpoch(17)).toBe(17);
    expect(storedEpoch(maxEpoch)).toBe(maxEpoch);
    expect(storedEpoch(2 ** 53)).toBe(maxEpoch);
    expect(storedEpoch(2 ** 60)).toBe(maxEpoch);
  });

  it("is no epoch when it is not a count", () => {
    for (const value of [-1, 1.5, Number.POSITIVE_INFINITY, Number.NaN, "3", null]) {
      expect(storedEpoch(value), String(value)).toBeUndefined();
    }
  });
});
