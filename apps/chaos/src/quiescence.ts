/**
 * After the faults: waits until the cluster is quiescent, i.e. every replica has the same clock,
 * nothing buffered, nothing unacknowledged and nothing held. Past the timeout that is a failure in
 * itself (a write that never arrives, a buffer that never drains), reported with the last states.
 */
import type { StatusResponse } from "@causal-kv/protocol";
import type { ChaosCluster } from "./chaosCluster.js";

export type Quiescence =
  | { readonly quiescent: true; readonly waitedMs: number; readonly statuses: StatusResponse[] }
  | { readonly quiescent: false; readonly waitedMs: number; readonly reason: string };

export async function waitForQuiescence(
  cluster: ChaosCluster,
  timeoutMs: number,
): Promise<Quiescence> {
  const startedAt = performance.now();
  let reason = "no replica answered";
  for (;;) {
    const waitedMs = Math.round(performance.now() - startedAt);
    try {
      const statuses = await Promise.all(
        cluster.replicas.map((replica) => replica.client.status()),
      );
      const held = await Promise.all(cluster.replicas.map((replica) => replica.client.held()));
      const unsettled = whatIsUnsettled(
        statuses,
        held.map((list) => list.held.length),
      );
      if (unsettled.length === 0) return { quiescent: true, waitedMs, statuses };
      reason = unsettled.join("; ");
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
    if (waitedMs > timeoutMs) {
      return {
        quiescent: false,
        waitedMs,
        reason: `not quiescent after ${timeoutMs} ms: ${reason}`,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Sentences naming what still moves; empty when the cluster is quiescent. */
export function whatIsUnsettled(
  statuses: readonly StatusResponse[],
  heldCounts: readonly number[],
): string[] {
  const found: string[] = [];
  const reference = statuses[0];
  statuses.forEach((status, i) => {
    if (status.buffer.length > 0) found.push(`${status.id} buffers ${status.buffer.length}`);
    for (const [peer, count] of Object.entries(status.unacknowledged)) {
      if (count > 0) found.push(`${status.id} has ${count} writes ${peer} has not acknowledged`);
    }
    const held = heldCounts[i] ?? 0;
    if (held > 0) found.push(`${status.id} holds ${held} messages`);
    if (reference && JSON.stringify(status.clock) !== JSON.stringify(reference.clock)) {
      found.push(
        `${status.id}'s clock ${JSON.stringify(status.clock)} differs from ${reference.id}'s ${JSON.stringify(reference.clock)}`,
      );
    }
  });
  return found;
}
