/**
 * The steps that change links: one link set at the run's speed, or every link healed. Both go
 * through the run's own `setLink`, so a caller that holds links (the lab server) sees every change.
 */
import type { ReplicaId } from "@causal-kv/core";
import { healthyLink, type LinkUpdate } from "@causal-kv/protocol";
import type { Cluster } from "./cluster.js";
import type { RunPacer } from "./runPacer.js";

export async function heal(
  cluster: Cluster,
  setLink: (from: ReplicaId, to: ReplicaId, update: LinkUpdate) => Promise<void>,
): Promise<void> {
  await Promise.all(
    cluster.ids.flatMap((from) =>
      cluster.ids.filter((to) => to !== from).map((to) => setLink(from, to, healthyLink)),
    ),
  );
}

/** A link step at the run's speed: its delays stretched as the script's own are. */
export function scaledLink(update: LinkUpdate, pacer: RunPacer): LinkUpdate {
  return {
    ...update,
    ...(update.delayMs === undefined ? {} : { delayMs: pacer.scale(update.delayMs) }),
    ...(update.jitterMs === undefined ? {} : { jitterMs: pacer.scale(update.jitterMs) }),
  };
}
