import { seededRandom } from "@causal-kv/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { drawBandwidthCaps } from "./bandwidthCaps.js";

const members = ["node1", "node2", "node3", "node4", "node5"];

describe("drawBandwidthCaps", () => {
  it("is the same for the same seed", () => {
    expect(drawBandwidthCaps(seededRandom(9), members, 60_000)).toEqual(
      drawBandwidthCaps(seededRandom(9), members, 60_000),
    );
  });

  it("keeps caps inside the run, in time order, never two on one host at once", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 5, max: 300 }),
        (seed, seconds) => {
          const durationMs = seconds * 1000;
          const caps = drawBandwidthCaps(seededRandom(seed), members, durationMs);
          expect(caps.length).toBeGreaterThan(0);
          caps.forEach((cap, i) => {
            expect(cap.startMs).toBeGreaterThanOrEqual(0);
            expect(cap.endMs).toBeLessThanOrEqual(durationMs);
            expect(cap.endMs).toBeGreaterThan(cap.startMs);
            expect(members).toContain(cap.host);
            expect(cap.startMs).toBeGreaterThanOrEqual(caps[i - 1]?.startMs ?? 0);
            for (const other of caps.slice(i + 1)) {
              if (other.host === cap.host)
                expect(other.startMs >= cap.endMs || other.endMs <= cap.startMs).toBe(true);
            }
          });
        },
      ),
    );
  });
});
