/**
 * What every attack test checks after the attack: the cluster's state is what it was. Writes are
 * acknowledged on every replica before the attack; after it, each is still readable everywhere
 * with its value, every replica is in the same epoch with the same clock and store as before (so
 * no counter moved), nothing is buffered or unacknowledged, and the replicas agree byte for byte.
 */
import { expect } from "vitest";
import { type Cluster, put, stateText, statusOf, waitForConvergence } from "../cluster.testkit.js";

export interface Baseline {
  /** Acknowledged writes: key → value. */
  readonly acknowledged: ReadonlyMap<string, string>;
  /** Each replica's epoch, clock and store, as text. */
  readonly states: readonly string[];
}

/** Writes a key at every replica, waits until all have every write, and records the state. */
export async function acknowledgeWrites(cluster: Cluster, prefix = "acked"): Promise<Baseline> {
  const acknowledged = new Map<string, string>();
  for (const node of cluster.nodes) {
    const key = `${prefix}-${node.id}`;
    await put(node, key, `written at ${node.id}`);
    acknowledged.set(key, `written at ${node.id}`);
  }
  await waitForConvergence(cluster);
  return { acknowledged, states: await statesOf(cluster) };
}

/** Fails unless the cluster is exactly as `baseline` recorded it. */
export async function expectUnchanged(cluster: Cluster, baseline: Baseline): Promise<void> {
  await waitForConvergence(cluster);
  expect(await statesOf(cluster)).toEqual(baseline.states);
  await expectAcknowledged(cluster, baseline.acknowledged);
}

/** Fails unless every replica reads each acknowledged write's value, and only it, for its key. */
export async function expectAcknowledged(
  cluster: Cluster,
  acknowledged: ReadonlyMap<string, string>,
): Promise<void> {
  for (const node of cluster.nodes) {
    for (const [key, value] of acknowledged) {
      const reply = await node.request<{ values: { value: string }[] }>(
        "GET",
        `/kv/${encodeURIComponent(key)}`,
      );
      expect(reply.status, `${key} at ${node.id}`).toBe(200);
      expect(reply.body.values.map((sibling) => sibling.value)).toEqual([value]);
    }
  }
}

async function statesOf(cluster: Cluster): Promise<string[]> {
  const statuses = await Promise.all(cluster.nodes.map(statusOf));
  return statuses.map((status) => `${status.epoch} ${stateText(status)}`);
}

/** The code of an error reply, or undefined. */
export function errorCode(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null || !("error" in body)) return undefined;
  const { error } = body;
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}
