/**
 * What the cluster does at each action the queue hands it: a planned client write, a copy arriving,
 * a replica's retransmission tick, a crash or a restart. Every change of state and every random
 * draw happens here or below, in the order the queue runs the actions, so a seed replays exactly.
 */
import { CoreError } from "@causal-kv/core";
import { catchUpWhereBehind, requestState } from "./catchUp.js";
import type { Cluster } from "./cluster.js";
import type { ClusterAction } from "./clusterAction.js";
import { crashNode, nodeOf, restartNode, serving } from "./simulatedNode.js";
import { writeAt } from "./writeAt.js";

const maxBatch = 64;

type ActionOf<Kind extends ClusterAction["kind"]> = Extract<ClusterAction, { kind: Kind }>;

export function stepCluster(cluster: Cluster, action: ClusterAction, now: number): void {
  switch (action.kind) {
    case "client-write":
      plannedWrite(cluster, action.index, now);
      break;
    case "arrive":
      arrive(cluster, action, now);
      break;
    case "tick":
      tick(cluster, action, now);
      break;
    case "crash":
      crash(cluster, action, now);
      break;
    case "client-op":
    case "client-timeout":
      cluster.clients?.run(action, now);
      break;
    case "restart":
      restart(cluster, action, now);
      break;
  }
}

/** A write of the fault plan, by no client session. */
function plannedWrite(cluster: Cluster, index: number, now: number): void {
  const write = cluster.plan.writes[index];
  if (!write) return;
  // A client whose replica is down tries the next one that is up.
  const target = [write.replica, ...cluster.members]
    .map((id) => nodeOf(cluster.nodes, id))
    .find(serving);
  if (!target) return;
  // Written first: `clients?.` would skip evaluating its argument when there are no clients.
  const message = writeAt(cluster.network, target, write.key, write.value, now);
  cluster.clients?.anonymousWrite(message);
}

function arrive(cluster: Cluster, action: ActionOf<"arrive">, now: number): void {
  cluster.network.arrived();
  const receiver = nodeOf(cluster.nodes, action.to);
  if (!receiver.up) return;
  if (action.payload.kind === "ack") {
    receiver.outbox.acknowledge(action.from, action.payload.count);
    return;
  }
  if (action.payload.kind === "state") {
    const { transfer } = action.payload;
    receiver.journal.push(...receiver.replica.catchUp(transfer, action.from, now));
    receiver.catchingUp = false;
    cluster.clients?.delivered(action.to, now);
    return;
  }
  for (const write of action.payload.writes) {
    try {
      receiver.journal.push(...receiver.replica.receive(write, now));
    } catch (error) {
      // A replica back from a wipe refuses writes that saw its own lost ones, until it has
      // caught up; the sender resends them, as a real peer does a refused batch.
      if (!(error instanceof CoreError && receiver.catchingUp)) throw error;
    }
  }
  cluster.clients?.delivered(action.to, now);
  cluster.network.transmit(now, action.to, action.from, {
    kind: "ack",
    count: receiver.replica.delivered[action.from] ?? 0,
  });
}

/** A live incarnation's tick: catch up if behind, resend what peers lack, and tick again. */
function tick(cluster: Cluster, action: ActionOf<"tick">, now: number): void {
  const ticking = nodeOf(cluster.nodes, action.replica);
  if (!ticking.up || action.incarnation !== ticking.incarnation) return;
  if (ticking.catchingUp) requestState(cluster, action.replica, now);
  else catchUpWhereBehind(cluster, action.replica, now);
  for (const peer of ticking.outbox.peers) {
    const pending = ticking.outbox.unacknowledged(peer).slice(0, maxBatch);
    if (pending.length > 0)
      cluster.network.transmit(now, action.replica, peer, { kind: "writes", writes: pending });
  }
  cluster.queue.push(now + cluster.plan.retransmitMs, action);
}

function crash(cluster: Cluster, action: ActionOf<"crash">, now: number): void {
  const crashing = nodeOf(cluster.nodes, action.replica);
  if (!crashing.up) return;
  crashNode(crashing, cluster.wipes);
  cluster.clients?.crashed(action.replica, now);
  cluster.queue.push(now + action.downMs, { kind: "restart", replica: action.replica });
}

function restart(cluster: Cluster, action: ActionOf<"restart">, now: number): void {
  const restarting = nodeOf(cluster.nodes, action.replica);
  const tick: ActionOf<"tick"> = {
    kind: "tick",
    replica: action.replica,
    incarnation: restarting.incarnation,
  };
  const { members, mode } = cluster;
  if (restartNode(restarting, members, mode, now) === "wiped")
    requestState(cluster, action.replica, now);
  cluster.queue.push(now + cluster.plan.retransmitMs, tick);
}
