/**
 * A deterministic discrete-event simulation of a whole cluster of core replicas. Every step a
 * replica takes is treated as durably committed (as the real replica commits before it answers), so
 * a crash loses only what was in flight, and a restart rebuilds the replica from its saved state.
 * Some crashes also wipe the replica's disk (only of one whose own writes every peer has, or the
 * wipe would lose acknowledged writes): it comes back empty, with a new journal, takes no client
 * requests until a peer's state transfer has reached it, and merges that (catch-up).
 *
 * This file sets a run up from its seed and runs the queue to quiescence; the steps are in
 * clusterStep.ts, the nodes in simulatedNode.ts, the links in simulatedNetwork.ts, and the verdicts
 * in simulationResult.ts.
 */

import { type DeliveryMode, type ReplicaId, seededRandom } from "@causal-kv/core";
import { drawClientPlan } from "./clientPlan.js";
import type { Cluster } from "./cluster.js";
import type { ClusterAction } from "./clusterAction.js";
import { stepCluster } from "./clusterStep.js";
import { EventQueue } from "./eventQueue.js";
import { drawFaultPlan } from "./faultPlan.js";
import { SimulatedClients } from "./simulatedClients.js";
import { SimulatedNetwork } from "./simulatedNetwork.js";
import { nodeOf, type SimulatedNode, serving, settled, startedNode } from "./simulatedNode.js";
import { type SimulationResult, simulationResult } from "./simulationResult.js";
import { writeAt } from "./writeAt.js";

export interface SimulationOptions {
  readonly seed: number;
  readonly mode?: DeliveryMode;
  readonly replicas?: number;
  /** Sessions that hop between replicas, with their causal contexts or (`contexts: false`) without. */
  readonly clients?: { readonly contexts: boolean };
}

/** The clients' stream is drawn apart from the fault plan's, so adding clients changes no plan. */
const clientStream = 0xc11e47;
/** Which crashes wipe the disk is drawn apart too, so the fault plans of seeds stay as they were. */
const wipeStream = 0x3e1fe;
/** Stop waiting for quiescence this long after the last client write. */
const settleLimitMs = 60_000;

export function simulateCluster(options: SimulationOptions): SimulationResult {
  const mode = options.mode ?? "causal";
  const members = Array.from({ length: options.replicas ?? 3 }, (_, i) => `node${i + 1}`);
  const random = seededRandom(options.seed);
  const wipes = seededRandom(options.seed ^ wipeStream);
  const plan = drawFaultPlan(random, members);
  const queue = new EventQueue<ClusterAction>();
  const network = new SimulatedNetwork(plan, random, (atMs, arrival) => queue.push(atMs, arrival));
  const nodes = new Map<ReplicaId, SimulatedNode>();
  for (const id of members) {
    nodes.set(id, startedNode(id, members, mode));
    queue.push(random.int(0, plan.retransmitMs), { kind: "tick", replica: id, incarnation: 0 });
  }
  for (const [index, write] of plan.writes.entries()) {
    queue.push(write.atMs, { kind: "client-write", index });
  }
  for (const crash of plan.crashes)
    queue.push(crash.atMs, { kind: "crash", replica: crash.replica, downMs: crash.downMs });

  const contexts = options.clients?.contexts ?? true;
  const clientPlan = options.clients
    ? drawClientPlan(seededRandom(options.seed ^ clientStream), members, plan.durationMs)
    : undefined;
  const clients = clientPlan
    ? new SimulatedClients(
        clientPlan,
        {
          members,
          isUp: (id) => serving(nodeOf(nodes, id)),
          replica: (id) => nodeOf(nodes, id).replica,
          write: (id, key, value, at) => writeAt(network, nodeOf(nodes, id), key, value, at),
          schedule: (atMs, action) => queue.push(atMs, action),
        },
        contexts,
      )
    : undefined;
  clients?.start();

  const cluster: Cluster = { members, mode, plan, nodes, network, queue, wipes, clients };
  let now = 0;
  for (let next = queue.pop(); next; next = queue.pop()) {
    now = next.time;
    stepCluster(cluster, next.item, now);
    if (now >= plan.durationMs && (quiescent(cluster) || now > plan.durationMs + settleLimitMs))
      break;
  }

  const history = clients?.history();
  return simulationResult({
    seed: options.seed,
    mode,
    plan,
    members,
    nodes,
    clients: clientPlan && history ? { plan: clientPlan, contexts, history } : undefined,
    endedAtMs: now,
  });
}

/** Nothing in flight and every replica settled: no later event could change the run. */
function quiescent({ network, nodes }: Cluster): boolean {
  if (network.inFlight > 0) return false;
  for (const simulated of nodes.values()) if (!settled(simulated)) return false;
  return true;
}
