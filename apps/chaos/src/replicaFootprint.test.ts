/** The footprint sampler reads real /proc entries and real directories. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  describeFootprints,
  directoryBytes,
  FootprintSampler,
  residentBytes,
} from "./replicaFootprint.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("replicaFootprint", () => {
  it("reads a live process's resident memory, and nothing for one that is gone", () => {
    const rss = residentBytes(process.pid) ?? 0;
    expect(rss).toBeGreaterThan(process.memoryUsage().heapUsed / 4);
    expect(residentBytes(2 ** 22 + 12_345)).toBeUndefined();
  });

  it("adds up a data directory with its subdirectories, and a missing one as empty", () => {
    const dir = mkdtempSync(join(tmpdir(), "footprint-"));
    dirs.push(dir);
    writeFileSync(join(dir, "db.sqlite"), Buffer.alloc(3000));
    mkdirSync(join(dir, "tls"));
    writeFileSync(join(dir, "tls", "key.pem"), Buffer.alloc(500));
    expect(directoryBytes(dir)).toBe(3500);
    expect(directoryBytes(join(dir, "gone"))).toBe(0);
  });

  it("keeps the peak and the last sample of each replica", () => {
    const dir = mkdtempSync(join(tmpdir(), "footprint-"));
    dirs.push(dir);
    writeFileSync(join(dir, "wal"), Buffer.alloc(8000));
    const sampler = new FootprintSampler(() => [{ id: "node1", pid: process.pid, dataDir: dir }]);
    rmSync(join(dir, "wal"));
    writeFileSync(join(dir, "db"), Buffer.alloc(1000));
    const footprint = sampler.stop().get("node1");
    expect(footprint?.peakDataBytes).toBe(8000);
    expect(footprint?.lastDataBytes).toBe(1000);
    expect(footprint?.peakRssBytes).toBeGreaterThan(0);
    expect(describeFootprints(sampler.footprints)).toMatch(
      /^node1 peak [\d.]+ MiB RSS, 0\.0 MiB data/,
    );
  });
});
