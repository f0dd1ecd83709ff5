import { describe, expect, it } from "vitest";
import { runSeeds } from "./runSeeds.js";
import { simulateCluster } from "./simulateCluster.js";

const seeds = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

describe("clients hopping between replicas", () => {
  it("with causal contexts, see causal order: 0 client violations over 300 seeds", () => {
    let reads = 0;
    const summary = runSeeds(seeds(300), {
      clients: { contexts: true },
      onRun: (run) => {
        for (const operations of Object.values(run.clients?.history ?? {}))
          reads += operations.filter((op) => op.type === "read").length;
      },
    });
    expect(summary.failed.slice(0, 3)).toEqual([]);
    expect(summary.violations).toBe(0);
    expect(reads).toBeGreaterThan(5000);
  });

  it("without contexts, break every session guarantee, and the checker finds each", () => {
    const kinds = new Set<string>();
    const summary = runSeeds(seeds(300), {
      clients: { contexts: false },
      onRun: (run) => {
        expect(run.violations).toEqual([]);
        for (const v of run.clients?.violations ?? []) kinds.add(v.kind);
      },
    });
    expect(summary.failed.length).toBeGreaterThan(100);
    for (const kind of [
      "read-your-writes",
      "monotonic-reads",
      "monotonic-writes",
      "writes-follow-reads",
      "stale-sibling",
    ]) {
      expect(kinds, kind).toContain(kind);
    }
  });

  it("hop: every client talks to more than one replica, and waits show as fewer answered reads", () => {
    const run = simulateCluster({ seed: 11, clients: { contexts: true } });
    for (const { name } of run.clients?.plan.clients ?? []) {
      const replicas = new Set(run.clients?.history[name]?.map((op) => op.replica));
      expect(replicas.size, name).toBeGreaterThan(1);
    }
  });

  it("leave the fault plan and the replicas' own writes as they were without clients", () => {
    const plain = simulateCluster({ seed: 42 });
    const withClients = simulateCluster({ seed: 42, clients: { contexts: true } });
    expect(withClients.plan).toEqual(plain.plan);
    expect(JSON.stringify(simulateCluster({ seed: 42, clients: { contexts: true } }).trace)).toBe(
      JSON.stringify(withClients.trace),
    );
  });
});
