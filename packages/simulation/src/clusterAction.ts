/** Everything the simulation schedules on its event queue: the cluster's own steps and the clients'. */
import type { ReplicaId } from "@causal-kv/core";
import type { ClientAction } from "./simulatedClients.js";
import type { Arrival } from "./simulatedNetwork.js";

export type ClusterAction =
  | { readonly kind: "client-write"; readonly index: number }
  | Arrival
  | { readonly kind: "tick"; readonly replica: ReplicaId; readonly incarnation: number }
  | { readonly kind: "crash"; readonly replica: ReplicaId; readonly downMs: number }
  | { readonly kind: "restart"; readonly replica: ReplicaId }
  | ClientAction;
