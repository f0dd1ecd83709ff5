/** When the faults of one kind happen in a soak: how many per ten seconds, each within the run. */
import type { Random } from "@causal-kv/core";

export interface Span {
  readonly startMs: number;
  readonly endMs: number;
}

export interface FaultShape {
  readonly perTenSeconds: readonly [number, number];
  readonly lengthMs: readonly [number, number];
}

export function drawSpans(random: Random, shape: FaultShape, durationMs: number): Span[] {
  const attempts = Math.round((durationMs / 10_000) * random.int(...shape.perTenSeconds));
  return Array.from({ length: attempts }, () => {
    const length = Math.min(random.int(...shape.lengthMs), durationMs);
    const startMs = random.int(0, durationMs - length);
    return { startMs, endMs: startMs + length };
  });
}
