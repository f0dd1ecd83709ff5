/**
 * The steps that wait on a replica: for labelled writes applied, for a write arrived (applied or
 * buffered), for a crashed replica back up. Each polls the replica's own status or health, so it
 * waits for what happened, not for a guess at how long it takes.
 */
import { formatWriteId, type WriteId } from "@causal-kv/core";
import type { Cluster } from "./cluster.js";
import type { ScenarioStep } from "./scenario.js";
import { waitUntil } from "./waitUntil.js";

type Wait = Parameters<typeof waitUntil>[2];
type Step<K> = Extract<ScenarioStep, { kind: K }>;

/** Every labelled write of the step applied at its replica. */
export async function awaitApplied(
  cluster: Cluster,
  step: Step<"await">,
  labels: ReadonlyMap<string, WriteId>,
  wait: Wait,
): Promise<void> {
  await waitUntil(
    `${step.at} receiving ${step.has.join(", ")}`,
    async () => {
      const { clock } = await cluster.client(step.at).status();
      return step.has.every((label) => applied(clock, labels.get(label)));
    },
    wait,
  );
}

/** The labelled write at the replica, applied or waiting in its causal buffer. */
export async function awaitArrived(
  cluster: Cluster,
  step: Step<"await-arrived">,
  labels: ReadonlyMap<string, WriteId>,
  wait: Wait,
): Promise<void> {
  await waitUntil(
    `${step.write} reaching ${step.at}`,
    async () => {
      const { clock, buffer } = await cluster.client(step.at).status();
      const id = labels.get(step.write);
      return (
        applied(clock, id) ||
        buffer.some((entry) => formatWriteId(entry.origin, entry.clock[entry.origin] ?? 0) === id)
      );
    },
    wait,
  );
}

/** The crashed replica answering its health check again. */
export async function awaitUp(cluster: Cluster, step: Step<"await-up">, wait: Wait): Promise<void> {
  await waitUntil(
    `${step.replica} coming back`,
    async () => (await cluster.client(step.replica).health()).ok,
    wait,
  );
}

function applied(clock: Readonly<Record<string, number>>, id: WriteId | undefined): boolean {
  if (!id) return false;
  const at = id.lastIndexOf(":");
  return (clock[id.slice(0, at)] ?? 0) >= Number(id.slice(at + 1));
}
