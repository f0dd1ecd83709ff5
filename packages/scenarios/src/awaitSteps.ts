/**
 * The steps that wait on a replica: for labelled writes applied, for a write arrived (applied or
 * buffered), for a crashed replica back up. Each polls the replica's own status or health, so it
 * waits for what happened, not for a guess at how long it takes.
 */
import { clockEntry, parseWriteId, type WriteId, writeId } from "@causal-kv/core";
import type { Cluster } from "./cluster.js";
import type { ScenarioStepOf as Step } from "./scenario.js";
import { type WaitOptions as Wait, waitUntil } from "./waitUntil.js";

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
      return applied(clock, id) || buffer.some((entry) => writeId(entry) === id);
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
  const write = id === undefined ? undefined : parseWriteId(id);
  return write !== undefined && clockEntry(clock, write.origin) >= write.seq;
}
