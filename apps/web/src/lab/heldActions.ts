/**
 * Releasing or dropping a message held on a link, from the held list or from the diagram: the
 * replica's answer (its held list now) goes straight into the store, before the stream's echo.
 */
import { clientFor } from "./clusterClients";
import { type ReplicaView, useLab } from "./labStore";

export async function actOnHeld(
  view: ReplicaView,
  id: string,
  action: "release" | "drop",
): Promise<void> {
  const client = clientFor(view.endpoint);
  const { held } = action === "release" ? await client.releaseHeld(id) : await client.dropHeld(id);
  useLab.getState().applyHeld(view.endpoint.id, held);
}
