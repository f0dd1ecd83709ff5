/** A client's write at one replica, taken as the cluster takes any local write: sent at once. */
import type { ReplicatedWrite } from "@causal-kv/core";
import type { SimulatedNetwork } from "./simulatedNetwork.js";
import type { SimulatedNode } from "./simulatedNode.js";

/** A client's write at `target`: applied, journaled, kept for retransmission, and sent. */
export function writeAt(
  network: SimulatedNetwork,
  target: SimulatedNode,
  key: string,
  value: string | null,
  at: number,
): ReplicatedWrite {
  const { message, events } = target.replica.write(key, value, at);
  target.journal.push(...events);
  target.outbox.add(message);
  for (const peer of target.outbox.peers)
    network.transmit(at, message.origin, peer, { kind: "writes", writes: [message] });
  return message;
}
