/**
 * One simulated cluster as its steps see it: a node for every member, the network between them,
 * the queue of what happens next, and the clients if the run has them. Built once per run.
 */
import type { DeliveryMode, Random, ReplicaId } from "@causal-kv/core";
import type { ClusterAction } from "./clusterAction.js";
import type { EventQueue } from "./eventQueue.js";
import type { FaultPlan } from "./faultPlan.js";
import type { SimulatedClients } from "./simulatedClients.js";
import type { SimulatedNetwork } from "./simulatedNetwork.js";
import type { SimulatedNode } from "./simulatedNode.js";

export interface Cluster {
  readonly members: readonly ReplicaId[];
  readonly mode: DeliveryMode;
  readonly plan: FaultPlan;
  readonly nodes: ReadonlyMap<ReplicaId, SimulatedNode>;
  readonly network: SimulatedNetwork;
  readonly queue: EventQueue<ClusterAction>;
  /** The wipe stream: which crashes wipe the disk, and which peer a wiped replica asks. */
  readonly wipes: Random;
  readonly clients: SimulatedClients | undefined;
}
