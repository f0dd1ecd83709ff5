/**
 * What a ReplicaNode holds in memory, built from the database's stored rows or fresh for an epoch.
 * Invariant: it is the committed state plus the steps of the open transaction; the node replaces it
 * whole whenever the two may differ (a reload after a failed step, a reset).
 */
import { CausalReplica, JournalReplay, Outbox, type ReplicaId } from "@causal-kv/core";
import type { LinkSettings } from "@causal-kv/protocol";
import type { ReplicaDatabase } from "./storage/replicaDatabase.js";
import { StepRecorder } from "./storage/stepRecorder.js";
import { loadStoredState } from "./storage/storedState.js";

export interface NodeState {
  replica: CausalReplica;
  outbox: Outbox;
  recorder: StepRecorder;
  links: Map<ReplicaId, LinkSettings>;
  currentEpoch: number;
  /** Own writes up to this seq are committed, so the transport may send them. */
  committedOwnSeq: number;
  /** Acknowledgements in the outbox that the database does not have yet. */
  acknowledgementsToStore: boolean;
  /** Whether it came from stored state. */
  restored: boolean;
}

/** Who the node is: its id, every member (normalized) and the members but itself. */
export interface NodeMembers {
  readonly id: ReplicaId;
  readonly members: readonly ReplicaId[];
  readonly peers: readonly ReplicaId[];
}

/** The stored state, or a fresh one in epoch 0 for an empty database. */
export function loadNodeState(db: ReplicaDatabase, who: NodeMembers): NodeState {
  const stored = loadStoredState(db, { id: who.id, members: who.members });
  if (!stored) return freshNodeState(db, who, 0);
  const replica = CausalReplica.restore(stored.snapshot);
  return {
    replica,
    outbox: new Outbox(who.peers, stored.outbox),
    recorder: new StepRecorder(db, JournalReplay.restore(stored.snapshot), replica),
    links: new Map(stored.links),
    currentEpoch: stored.epoch,
    committedOwnSeq: replica.delivered[who.id] ?? 0,
    acknowledgementsToStore: false,
    restored: true,
  };
}

/** An empty replica in `epoch`: no writes, no outbox, every link healthy. */
export function freshNodeState(db: ReplicaDatabase, who: NodeMembers, epoch: number): NodeState {
  const replica = new CausalReplica({ id: who.id, members: who.members });
  return {
    replica,
    outbox: new Outbox(who.peers),
    recorder: new StepRecorder(db, JournalReplay.fresh(who.members), replica),
    links: new Map(),
    currentEpoch: epoch,
    committedOwnSeq: 0,
    acknowledgementsToStore: false,
    restored: false,
  };
}

/**
 * Stores who a replica on an empty disk is, in epoch 0 with `state`'s counters, and whether its
 * rejoin gate starts closed (rejoinGate.ts): one transaction, so a crash leaves all of it or none.
 */
export function storeFirstStart(
  db: ReplicaDatabase,
  who: NodeMembers,
  state: NodeState,
  rejoinPending: boolean,
): void {
  db.connection.transaction(() => {
    db.putIdentity({ id: who.id, members: who.members });
    db.putEpoch(0);
    db.putCore(state.recorder.counters(0));
    db.setRejoinPending(rejoinPending);
  })();
}
