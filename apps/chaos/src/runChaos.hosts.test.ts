/**
 * The 30-second `--hosts` soak that `npm test` runs: five replicas, each in its own network
 * namespace, under the seeded schedule with partitions and losses made by nft; the verdict must be
 * `lost 0, violations 0`, and nothing of the run may be left in the kernel afterwards.
 */
import { describe, expect, it } from "vitest";
import { chaosReport } from "./chaosReport.js";
import { listRunObjects } from "./hostsLeftovers.js";
import { hostsSuiteTitle, hostTools, requiredHostTools } from "./namespaceProbes.testkit.js";
import { runChaos } from "./runChaos.js";

describe.skipIf(!hostTools)(hostsSuiteTitle("runChaos --hosts"), () => {
  it("loses no acknowledged write across five namespaces under kernel faults for 30 s", async () => {
    const result = await runChaos({
      seconds: 30,
      seed: 1919,
      rate: 30,
      replicas: 5,
      keepData: false,
      hosts: true,
    });
    const report = chaosReport(result).join("\n");
    expect(result.hosts?.subnet, report).toMatch(/^10\.77\.\d+\.0\/24$/);
    expect(result.hosts?.kernel.partitions, report).toBeGreaterThan(0);
    expect(result.hosts?.kernel.losses, report).toBeGreaterThan(0);
    expect(result.hosts?.bandwidth.caps, report).toBeGreaterThan(0);
    expect(result.hosts?.bandwidth.lifted, report).toBe(result.hosts?.bandwidth.caps);
    expect(result.faults.kills, report).toBeGreaterThan(0);
    expect(result.faults.restarts, report).toBe(result.faults.kills);
    // The soak must have written, not at a given pace: at load 17 on two cores, with spells of
    // 1 MiB values, far fewer of the 900 ticks are acknowledged than on an idle machine.
    expect(result.verdict.acknowledged, report).toBeGreaterThan(100);
    expect(result.verdict.lost, report).toEqual([]);
    expect(result.verdict.violations, report).toEqual([]);
    expect(report).toMatch(/acked \d+, lost 0, violations 0$/);
    const left = listRunObjects(requiredHostTools());
    const mine = new RegExp(`^ckv${process.pid}(?:br|[nvp]\\d+)?$`);
    expect(
      [...left.tables, ...left.links, ...left.namespaces].filter((name) => mine.test(name)),
    ).toEqual([]);
  }, 150_000);
});
