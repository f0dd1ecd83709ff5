import { seededRandom } from "@causal-kv/core";
import { describe, expect, it } from "vitest";
import { chaosReport } from "./chaosReport.js";
import { drawFaultSchedule } from "./faultSchedule.js";
import type { ChaosResult } from "./runChaos.js";

function result(verdict: Partial<ChaosResult["verdict"]>, keptData?: string): ChaosResult {
  return {
    args: { seconds: 60, seed: 31, rate: 40, replicas: 3, keepData: false, hosts: false },
    schedule: drawFaultSchedule(seededRandom(31), ["node1", "node2", "node3"], 60_000),
    writes: {
      sent: 10,
      acknowledged: [],
      refused: 2,
      rejoining: 1,
      rejected: [],
      indefinite: [],
      skipped: 0,
      reads: 9,
      notReached: 1,
      history: { session1: [] },
    },
    faults: {
      kills: 1,
      restarts: 1,
      linkChanges: 4,
      released: 2,
      dropped: 1,
      slowestControlMs: 40,
      latestStartMs: 12,
      problems: [],
    },
    storage: {
      wipes: 1,
      wipesSkipped: 2,
      wipesWithPeerBehind: 1,
      slowestCatchUpMs: 1400,
      silentViewers: 3,
      resyncsAsked: 600,
      largeValueSpells: 2,
      problems: [],
    },
    footprints: new Map([
      [
        "node1",
        {
          peakRssBytes: 96 * 1024 * 1024,
          peakDataBytes: 5.5 * 1024 * 1024,
          lastRssBytes: 80 * 1024 * 1024,
          lastDataBytes: 4 * 1024 * 1024,
        },
      ],
    ]),
    quiescentAfterMs: 120,
    verdict: {
      acknowledged: 8,
      lost: [],
      violations: [],
      indefiniteApplied: 0,
      events: 90,
      buffered: 3,
      duplicates: 1,
      ...verdict,
    },
    ...(keptData ? { keptData } : {}),
  };
}

describe("chaosReport", () => {
  it("ends a clean soak with the verdict line and no replay", () => {
    const lines = chaosReport(result({}));
    expect(lines[0]).toBe("chaos: seed 31, 3 replicas, 60 s at 40 writes/s");
    expect(lines.at(-1)).toBe("acked 8, lost 0, violations 0");
    expect(lines).toContain(
      "sessions: 1 histories hopping between replicas, 9 reads answered, 1 requests answered context-not-reached; judged by the client checker",
    );
    expect(lines).toContain(
      "storage: 1 disks wiped (1 while a peer lacked some of their writes; 2 left alone: no peer held all their writes, or another wiped replica was catching up), slowest catch-up 1400 ms; 2 spells of 1 MiB values; 3 viewers that never read asked 600 snapshots",
    );
    expect(lines).toContain(
      "footprint: node1 peak 96.0 MiB RSS, 5.5 MiB data (at the end 80.0 MiB, 4.0 MiB)",
    );
    expect(lines.join("\n")).not.toMatch(/FAILED|replay/);
  });

  it("names the seed, what broke, the replay command and the kept data when a soak fails", () => {
    const lost = {
      kind: "lost",
      message: "node1:4 (k1=node1.7, acknowledged by node1) never applied at node3",
    };
    const violations = Array.from({ length: 25 }, (_, i) => ({
      kind: "causal-order",
      message: `violation ${i}`,
    }));
    const lines = chaosReport(result({ lost: [lost], violations }, "/tmp/kept"));
    expect(lines).toContain("FAILED with seed 31");
    expect(lines).toContain(`  lost: ${lost.message}`);
    expect(lines).toContain("  causal-order: violation 0");
    expect(lines).not.toContain("  causal-order: violation 19");
    expect(lines).toContain("  … and 6 more");
    expect(lines).toContain(
      "replay (same schedule and writes; timing differs): npm run chaos -- --seconds 60 --seed 31 --rate 40 --replicas 3",
    );
    expect(lines).toContain("replica data kept in /tmp/kept");
    expect(lines.at(-1)).toBe("acked 8, lost 1, violations 25");
  });

  it("says where a --hosts run ran and what the kernel did, and replays with --hosts", () => {
    const failed = result({ violations: [{ kind: "causal-order", message: "v" }] });
    const lines = chaosReport({
      ...failed,
      args: { ...failed.args, hosts: true },
      hosts: {
        subnet: "10.77.5.0/24",
        bridgeAddress: "10.77.5.1",
        kernel: { partitions: 4, losses: 2, ruleChanges: 12 },
        bandwidth: { caps: 3, lifted: 3 },
        leftoversRemoved: { tables: ["ckv99"], links: [], namespaces: ["ckv99n1"] },
      },
    });
    expect(lines[1]).toBe(
      "hosts: one network namespace per replica on 10.77.5.0/24 (driver at 10.77.5.1); kernel faults: 4 one-way partitions, 2 lossy links, 12 nft changes, 3 bandwidth caps (tc tbf); removed leftovers of dead runs: ckv99, ckv99n1",
    );
    expect(lines).toContain(
      "replay (same schedule and writes; timing differs): npm run chaos -- --seconds 60 --seed 31 --rate 40 --replicas 3 --hosts",
    );
  });
});
