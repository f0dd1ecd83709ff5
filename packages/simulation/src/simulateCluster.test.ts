import { describe, expect, it } from "vitest";
import { runSeeds } from "./runSeeds.js";
import { simulateCluster } from "./simulateCluster.js";

const seeds = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

describe("cluster simulation", () => {
  it("keeps causality and converges in causal mode over 1000 seeds", () => {
    const summary = runSeeds(seeds(1000));
    expect(summary.failed.slice(0, 3)).toEqual([]);
    expect(summary.violations).toBe(0);
    expect(summary.events).toBeGreaterThan(300_000);
  });

  it("breaks causality in naive mode over 1000 seeds, and only causality", () => {
    const kinds = new Set<string>();
    const summary = runSeeds(seeds(1000), {
      mode: "naive",
      onRun: (run) => {
        for (const v of run.violations) kinds.add(v.kind);
      },
    });
    expect(summary.failed.length).toBeGreaterThan(900);
    // Siblings merge in any order, and duplicates are still recognized: naive delivery only
    // reorders, so what breaks is causal order, never loss or convergence.
    expect([...kinds]).toEqual(["causal-order"]);
  });

  it("exercises every fault: buffering, duplicates, retransmission after partitions, crash-restart, wiped disks", () => {
    const counts = new Map<string, number>();
    runSeeds(seeds(100), {
      onRun: (run) => {
        for (const journal of Object.values(run.trace.journals)) {
          for (const event of journal) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
        }
      },
    });
    for (const type of ["write", "send", "receive", "buffer", "deliver", "duplicate", "restart"]) {
      expect(counts.get(type), type).toBeGreaterThan(10);
    }
    // A replica back from a wiped disk catches up from a peer's state (13 of these 100 seeds).
    expect(counts.get("catch-up"), "catch-up").toBeGreaterThan(5);
  });

  it("replays a seed exactly, and different seeds differ", () => {
    const first = JSON.stringify(simulateCluster({ seed: 42 }).trace);
    expect(JSON.stringify(simulateCluster({ seed: 42 }).trace)).toBe(first);
    expect(JSON.stringify(simulateCluster({ seed: 43 }).trace)).not.toBe(first);
  });

  it("works for more than three replicas", () => {
    const summary = runSeeds(seeds(100), { replicas: 5 });
    expect(summary.violations).toBe(0);
    const run = simulateCluster({ seed: 7, replicas: 5 });
    expect(Object.keys(run.trace.journals)).toEqual(["node1", "node2", "node3", "node4", "node5"]);
    expect(runSeeds(seeds(100), { replicas: 5, mode: "naive" }).violations).toBeGreaterThan(0);
  });
});
