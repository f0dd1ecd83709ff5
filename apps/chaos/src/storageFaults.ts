/**
 * The faults that test a replica's bounds (issue: bounded and self-healing replicas): a disk wiped
 * while its replica is down, spells of mebibyte values, and stream viewers that ask for snapshots
 * and never read them. Drawn from a stream of their own; the schedule keeps those that fit.
 */
import type { Random } from "@causal-kv/core";
import { drawSpans, type FaultShape, type Span } from "./faultSpans.js";

export type StorageFault = Span &
  (
    | { readonly kind: "wipe"; readonly replica: string }
    | { readonly kind: "large-values" }
    | { readonly kind: "silent-viewer"; readonly replica: string }
  );

const shapes = {
  wipe: { perTenSeconds: [1, 1], lengthMs: [500, 2500] },
  "large-values": { perTenSeconds: [1, 1], lengthMs: [1000, 3000] },
  "silent-viewer": { perTenSeconds: [1, 1], lengthMs: [2000, 8000] },
} as const satisfies Record<string, FaultShape>;

export function drawStorageFaults(
  random: Random,
  members: readonly string[],
  durationMs: number,
): StorageFault[] {
  const faults: StorageFault[] = [];
  for (const span of drawSpans(random, shapes.wipe, durationMs)) {
    faults.push({ kind: "wipe", replica: random.pick(members), ...span });
  }
  for (const span of drawSpans(random, shapes["large-values"], durationMs)) {
    faults.push({ kind: "large-values", ...span });
  }
  for (const span of drawSpans(random, shapes["silent-viewer"], durationMs)) {
    faults.push({ kind: "silent-viewer", replica: random.pick(members), ...span });
  }
  return faults;
}
