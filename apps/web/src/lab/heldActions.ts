/**
 * Releasing or dropping a message held on a link, from the held list or from the diagram: the
 * replica's answer (its held list now) goes straight into the store, before the stream's echo, and
 * the act into the hand recording (by the write the message carries, which a replay finds again).
 */
import { formatWriteId } from "@causal-kv/core";
import { clientFor } from "./clusterClients";
import { recordHandAction } from "./handRecording";
import { type ReplicaView, useLab } from "./labStore";

export async function actOnHeld(
  view: Pick<ReplicaView, "endpoint" | "held">,
  id: string,
  action: "release" | "drop",
): Promise<void> {
  const client = clientFor(view.endpoint);
  const message = view.held.find((h) => h.id === id);
  const { held } = action === "release" ? await client.releaseHeld(id) : await client.dropHeld(id);
  useLab.getState().applyHeld(view.endpoint.id, held);
  if (message) {
    const { origin, clock } = message.message;
    const write = formatWriteId(origin, clock[origin] ?? 0);
    recordHandAction({ kind: action, from: view.endpoint.id, to: message.to, write });
  }
}
