/**
 * Waits for the cluster to go quiet, as a run does before its final verdict: a trace read any
 * earlier could judge writes still on their way.
 */
import type { Cluster } from "./cluster.js";
import { type WaitOptions, waitUntil } from "./waitUntil.js";

/** Quiescent: every replica up, nothing buffered or unacknowledged, all clocks equal. */
export async function settle(cluster: Cluster, wait: WaitOptions = {}): Promise<void> {
  await waitUntil(
    "the cluster settling",
    async () => {
      const statuses = await Promise.all(cluster.ids.map((id) => cluster.client(id).status()));
      const clock = JSON.stringify(statuses[0]?.clock);
      return statuses.every(
        (s) =>
          s.buffer.length === 0 &&
          Object.values(s.unacknowledged).every((n) => n === 0) &&
          JSON.stringify(s.clock) === clock,
      );
    },
    wait,
  );
}
