/**
 * The 20-second soak that `npm test` runs: three real replica processes, client sessions and a
 * seeded fault schedule; the verdict must be `lost 0, violations 0` with writes acknowledged.
 */
import { existsSync, rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { chaosReport } from "./chaosReport.js";
import { runChaos } from "./runChaos.js";

describe("runChaos", () => {
  it("loses no acknowledged write and breaks no guarantee in 20 s of faults", async () => {
    const result = await runChaos({
      seconds: 20,
      seed: 2024,
      rate: 30,
      replicas: 3,
      keepData: false,
      hosts: false,
    });
    const report = chaosReport(result).join("\n");
    expect(result.faults.kills, report).toBeGreaterThan(0);
    expect(result.faults.restarts, report).toBe(result.faults.kills);
    expect(result.faults.linkChanges, report).toBeGreaterThan(0);
    // Spells of 1 MiB values slow the sessions down: on a loaded two-core machine about 170 of
    // 600 ticks were acknowledged. The soak must have written, not written at a given pace.
    expect(result.verdict.acknowledged, report).toBeGreaterThan(100);
    expect(result.verdict.lost, report).toEqual([]);
    expect(result.verdict.violations, report).toEqual([]);
    expect(result.keptData, report).toBeUndefined();
    // The faults of bounded storage ran, and every replica stayed within the bounds the issue set
    // (a viewer flooding resync: under 300 MB; a data directory: under 64 MiB).
    expect(result.storage.silentViewers, report).toBeGreaterThan(0);
    expect(result.storage.largeValueSpells, report).toBeGreaterThan(0);
    expect(result.storage.wipes + result.storage.wipesSkipped, report).toBeGreaterThan(0);
    for (const [id, footprint] of result.footprints) {
      expect(footprint.peakRssBytes, `${id}: ${report}`).toBeLessThan(300 * 1024 * 1024);
      expect(footprint.peakDataBytes, `${id}: ${report}`).toBeLessThan(64 * 1024 * 1024);
    }
    expect(report).toMatch(/acked \d+, lost 0, violations 0$/);
  });

  it("keeps the replicas' data when asked", async () => {
    const result = await runChaos({
      seconds: 5,
      seed: 7,
      rate: 20,
      replicas: 2,
      keepData: true,
      hosts: false,
    });
    expect(result.verdict.violations).toEqual([]);
    expect(result.keptData).toBeDefined();
    expect(existsSync(`${result.keptData}/node1`)).toBe(true);
    expect(existsSync(`${result.keptData}/node2`)).toBe(true);
    rmSync(result.keptData ?? "", { recursive: true, force: true });
  });
});
