/** Runs a range of seeds and sums them up; each failing seed is kept so it can be replayed. */
import type { DeliveryMode } from "@causal-kv/core";
import { simulateCluster } from "./simulateCluster.js";
import type { SimulationResult } from "./simulationResult.js";

export interface FailedSeed {
  readonly seed: number;
  readonly violations: number;
  readonly firstViolation: string;
}

export interface SeedsSummary {
  readonly runs: number;
  readonly events: number;
  readonly violations: number;
  readonly failed: readonly FailedSeed[];
}

export interface SeedsOptions {
  readonly mode?: DeliveryMode;
  readonly replicas?: number;
  /** Clients that hop between replicas, with or without their causal contexts. */
  readonly clients?: { readonly contexts: boolean };
  /** Sees every run as it ends (runs are not kept, so thousands of seeds fit in memory). */
  readonly onRun?: (result: SimulationResult) => void;
}

export function runSeeds(seeds: readonly number[], options: SeedsOptions = {}): SeedsSummary {
  let events = 0;
  let violations = 0;
  const failed: FailedSeed[] = [];
  for (const seed of seeds) {
    const result = simulateCluster({
      seed,
      mode: options.mode,
      replicas: options.replicas,
      clients: options.clients,
    });
    options.onRun?.(result);
    events += result.eventCount;
    // The replicas' journals and what the clients saw are judged alike: every violation counts.
    const found = [...result.violations, ...(result.clients?.violations ?? [])];
    violations += found.length;
    const first = found[0];
    if (first) failed.push({ seed, violations: found.length, firstViolation: first.message });
  }
  return { runs: seeds.length, events, violations, failed };
}

/** The closing line: `300 runs, 184233 events, 0 violations`. */
export function summaryLine(summary: SeedsSummary): string {
  return `${summary.runs} runs, ${summary.events} events, ${summary.violations} violations`;
}
