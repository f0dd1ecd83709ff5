/**
 * The bandwidth caps of a `--hosts` run, drawn up front from their own seeded stream (so the main
 * fault schedule of a seed is the same with or without `--hosts`): now and then one host's outgoing
 * link is limited to a few hundred kbit/s for a few seconds, never two caps on one host at once,
 * all lifted by the end of the run.
 */
import type { Random } from "@causal-kv/core";

export interface BandwidthCap {
  readonly host: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly rateKbit: number;
}

const capsPerTenSeconds: [number, number] = [1, 2];
const capLengthMs: [number, number] = [1000, 6000];
const capRatesKbit = [128, 256, 512, 1024] as const;

export function drawBandwidthCaps(
  random: Random,
  members: readonly string[],
  durationMs: number,
): BandwidthCap[] {
  const caps: BandwidthCap[] = [];
  const attempts = Math.round((durationMs / 10_000) * random.int(...capsPerTenSeconds));
  for (let i = 0; i < attempts; i++) {
    const length = Math.min(random.int(...capLengthMs), durationMs);
    const startMs = random.int(0, durationMs - length);
    const cap = {
      host: random.pick(members),
      startMs,
      endMs: startMs + length,
      rateKbit: random.pick(capRatesKbit),
    };
    const clash = caps.some(
      (other) => other.host === cap.host && other.startMs < cap.endMs && cap.startMs < other.endMs,
    );
    if (!clash) caps.push(cap);
  }
  return caps.sort((a, b) => a.startMs - b.startMs);
}
