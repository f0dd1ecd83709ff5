/**
 * One simulated replica and what survives its crashes. Every step it takes counts as durably
 * committed, so a restart rebuilds it from its saved state; a wiped disk brings it back empty and
 * catching up, which only a replica whose own writes every peer has may suffer.
 */
import {
  CausalReplica,
  type DeliveryMode,
  type JournalEvent,
  Outbox,
  type Random,
  type ReplicaId,
} from "@causal-kv/core";

export interface SimulatedNode {
  replica: CausalReplica;
  outbox: Outbox;
  up: boolean;
  incarnation: number;
  /** Its disk is wiped while it is down. */
  wipeOnRestart: boolean;
  /** Back from a wipe, waiting for a peer's state. */
  catchingUp: boolean;
  readonly journal: JournalEvent[];
}

const wipeChance = 0.5;

/** A replica as the run starts it: up, empty, with an empty journal. */
export function startedNode(
  id: ReplicaId,
  members: readonly ReplicaId[],
  mode: DeliveryMode,
): SimulatedNode {
  const peers = members.filter((peer) => peer !== id);
  return {
    replica: new CausalReplica({ id, members, mode }),
    outbox: new Outbox(peers),
    up: true,
    incarnation: 0,
    wipeOnRestart: false,
    catchingUp: false,
    journal: [],
  };
}

export function nodeOf(nodes: ReadonlyMap<ReplicaId, SimulatedNode>, id: ReplicaId): SimulatedNode {
  const found = nodes.get(id);
  if (!found) throw new Error(`no simulated replica ${id}`);
  return found;
}

/** Up and not waiting for a peer's state: it takes client requests. */
export function serving(candidate: SimulatedNode): boolean {
  return candidate.up && !candidate.catchingUp;
}

/** Nothing left for it to do: up, caught up, every write acknowledged, nothing buffered. */
export function settled(simulated: SimulatedNode): boolean {
  return (
    serving(simulated) &&
    simulated.outbox.size === 0 &&
    simulated.replica.bufferedWrites().length === 0
  );
}

/**
 * Takes the node down; its old incarnation's ticks stop. Only a node whose own writes every peer
 * has may lose its disk (the draw is made only then), or the wipe would lose acknowledged writes.
 */
export function crashNode(crashing: SimulatedNode, wipes: Random): void {
  crashing.up = false;
  crashing.incarnation++;
  crashing.wipeOnRestart = crashing.outbox.size === 0 && wipes.chance(wipeChance);
}

/** Brings the node back up; says whether it came back wiped, and so must ask a peer for state. */
export function restartNode(
  restarting: SimulatedNode,
  members: readonly ReplicaId[],
  mode: DeliveryMode,
  now: number,
): "wiped" | "restored" {
  restarting.up = true;
  if (restarting.wipeOnRestart) {
    // A new disk: nothing of the old journal, outbox or state, and no restart to journal.
    restarting.wipeOnRestart = false;
    restarting.replica = new CausalReplica({ id: restarting.replica.id, members, mode });
    restarting.outbox = new Outbox(restarting.outbox.peers);
    restarting.journal.length = 0;
    restarting.catchingUp = true;
    return "wiped";
  }
  // Only what was saved survives: rebuild from a serialized copy, as from disk.
  restarting.replica = CausalReplica.restore(
    JSON.parse(JSON.stringify(restarting.replica.snapshot())),
  );
  restarting.outbox = new Outbox(
    restarting.outbox.peers,
    JSON.parse(JSON.stringify(restarting.outbox.snapshot())),
  );
  restarting.journal.push(...restarting.replica.restarted(now));
  return "restored";
}
