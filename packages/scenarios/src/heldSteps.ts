/**
 * The steps that act on messages a link holds: all of a link's, newest first, or the one carrying
 * a labelled write (as a teacher released or dropped it by hand). Each waits until the message is
 * held, so a replay acts on the same message whatever the pace.
 */
import { type WriteId, writeId, writeSeq } from "@causal-kv/core";
import type { HeldMessage } from "@causal-kv/protocol";
import type { Cluster } from "./cluster.js";
import type { ScenarioStepOf as Step } from "./scenario.js";
import { type WaitOptions as Wait, waitUntil } from "./waitUntil.js";

export async function releaseNewestFirst(
  cluster: Cluster,
  step: Step<"release-newest-first">,
  wait: Wait,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  const from = cluster.client(step.from);
  await waitUntil(
    `${step.count} messages held on ${step.from} → ${step.to}`,
    async () => (await from.held()).held.filter((h) => h.to === step.to).length >= step.count,
    wait,
  );
  const held = (await from.held()).held.filter((h) => h.to === step.to);
  held.sort((a, b) => writeSeq(b.message) - writeSeq(a.message));
  for (const message of held) {
    await from.releaseHeld(message.id);
    await sleep(300);
  }
}

/** Releases or drops the message carrying the labelled write, once the link holds it. */
export async function actOnHeldWrite(
  cluster: Cluster,
  step: Step<"release" | "drop">,
  labels: ReadonlyMap<string, WriteId>,
  wait: Wait,
): Promise<void> {
  const from = cluster.client(step.from);
  const id = labels.get(step.write);
  let found: HeldMessage | undefined;
  await waitUntil(
    `${step.write} held on ${step.from} → ${step.to}`,
    async () => {
      const { held } = await from.held();
      found = held.find((h) => h.to === step.to && writeId(h.message) === id);
      return found !== undefined;
    },
    wait,
  );
  if (!found) return;
  if (step.kind === "release") await from.releaseHeld(found.id);
  else await from.dropHeld(found.id);
}
