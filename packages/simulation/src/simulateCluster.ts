/**
 * A deterministic discrete-event simulation of a whole cluster of core replicas. Every step a
 * replica takes is treated as durably committed (as the real replica commits before it answers), so
 * a crash loses only what was in flight, and a restart rebuilds the replica from its saved state.
 * Some crashes also wipe the replica's disk (only of one whose own writes every peer has, or the
 * wipe would lose acknowledged writes): it comes back empty, with a new journal, takes no client
 * requests until a peer's state transfer has reached it, and merges that (catch-up).
 */

import {
  type ClientHistory,
  type ClientViolation,
  checkClientHistory,
  checkTrace,
  type Trace,
  type Violation,
} from "@causal-kv/checker";
import {
  CausalReplica,
  CoreError,
  type DeliveryMode,
  type JournalEvent,
  Outbox,
  type ReplicaId,
  type ReplicaSnapshot,
  type ReplicatedWrite,
  type StateTransfer,
  seededRandom,
} from "@causal-kv/core";
import { type ClientPlan, drawClientPlan } from "./clientPlan.js";
import { EventQueue } from "./eventQueue.js";
import { drawFaultPlan, type FaultPlan, linkName } from "./faultPlan.js";
import { type ClientAction, SimulatedClients } from "./simulatedClients.js";

export interface SimulationOptions {
  readonly seed: number;
  readonly mode?: DeliveryMode;
  readonly replicas?: number;
  /** Sessions that hop between replicas, with their causal contexts or (`contexts: false`) without. */
  readonly clients?: { readonly contexts: boolean };
}

export interface SimulationResult {
  readonly seed: number;
  readonly mode: DeliveryMode;
  readonly plan: FaultPlan;
  readonly trace: Trace;
  /** Each replica's whole state at the end, as it would save it. */
  readonly endStates: Readonly<Record<ReplicaId, ReplicaSnapshot>>;
  readonly violations: readonly Violation[];
  /** With clients: their plan, what they saw, and what the client checker found in it. */
  readonly clients?: {
    readonly plan: ClientPlan;
    readonly contexts: boolean;
    readonly history: ClientHistory;
    readonly violations: readonly ClientViolation[];
  };
  readonly eventCount: number;
  /** Virtual time when the run was quiescent (or gave up waiting). */
  readonly endedAtMs: number;
}

type Payload =
  | { readonly kind: "writes"; readonly writes: readonly ReplicatedWrite[] }
  | { readonly kind: "ack"; readonly count: number }
  | { readonly kind: "state"; readonly transfer: StateTransfer };

type Action =
  | { readonly kind: "client-write"; readonly index: number }
  | {
      readonly kind: "arrive";
      readonly from: ReplicaId;
      readonly to: ReplicaId;
      readonly payload: Payload;
    }
  | { readonly kind: "tick"; readonly replica: ReplicaId; readonly incarnation: number }
  | { readonly kind: "crash"; readonly replica: ReplicaId; readonly downMs: number }
  | { readonly kind: "restart"; readonly replica: ReplicaId }
  | ClientAction;

interface SimulatedNode {
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

/** The clients' stream is drawn apart from the fault plan's, so adding clients changes no plan. */
const clientStream = 0xc11e47;
/** Which crashes wipe the disk is drawn apart too, so the fault plans of seeds stay as they were. */
const wipeStream = 0x3e1fe;
const wipeChance = 0.5;
/** Stop waiting for quiescence this long after the last client write. */
const settleLimitMs = 60_000;
const maxBatch = 64;

export function simulateCluster(options: SimulationOptions): SimulationResult {
  const mode = options.mode ?? "causal";
  const members = Array.from({ length: options.replicas ?? 3 }, (_, i) => `node${i + 1}`);
  const random = seededRandom(options.seed);
  const wipes = seededRandom(options.seed ^ wipeStream);
  const plan = drawFaultPlan(random, members);
  const queue = new EventQueue<Action>();
  const nodes = new Map<ReplicaId, SimulatedNode>();
  for (const id of members) {
    const peers = members.filter((peer) => peer !== id);
    nodes.set(id, {
      replica: new CausalReplica({ id, members, mode }),
      outbox: new Outbox(peers),
      up: true,
      incarnation: 0,
      wipeOnRestart: false,
      catchingUp: false,
      journal: [],
    });
    queue.push(random.int(0, plan.retransmitMs), { kind: "tick", replica: id, incarnation: 0 });
  }
  for (const [index, write] of plan.writes.entries()) {
    queue.push(write.atMs, { kind: "client-write", index });
  }
  for (const crash of plan.crashes)
    queue.push(crash.atMs, { kind: "crash", replica: crash.replica, downMs: crash.downMs });

  const node = (id: ReplicaId): SimulatedNode => {
    const found = nodes.get(id);
    if (!found) throw new Error(`no simulated replica ${id}`);
    return found;
  };
  let inFlight = 0;
  const transmit = (now: number, from: ReplicaId, to: ReplicaId, payload: Payload): void => {
    const faults = plan.links[linkName(from, to)];
    if (!faults || partitioned(plan, from, to, now) || random.chance(faults.dropRate)) return;
    const copies = random.chance(faults.duplicateRate) ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      inFlight++;
      queue.push(now + faults.delayMs + random.next() * faults.jitterMs, {
        kind: "arrive",
        from,
        to,
        payload,
      });
    }
  };

  /** A client's write at `target`: applied, journaled, kept for retransmission, and sent. */
  const writeAt = (target: SimulatedNode, key: string, value: string | null, at: number) => {
    const { message, events } = target.replica.write(key, value, at);
    target.journal.push(...events);
    target.outbox.add(message);
    for (const peer of target.outbox.peers)
      transmit(at, message.origin, peer, { kind: "writes", writes: [message] });
    return message;
  };
  /** `peer`'s state, sent to `id`: the transfer crosses the link like any message. */
  const transferState = (peer: ReplicaId, id: ReplicaId, at: number) => {
    const transfer = JSON.parse(JSON.stringify(node(peer).replica.stateTransfer()));
    transmit(at, peer, id, { kind: "state", transfer });
  };
  /** Asks an up peer for its state. */
  const requestState = (id: ReplicaId, at: number) => {
    const peers = members.filter((peer) => peer !== id && node(peer).up);
    if (peers.length > 0) transferState(wipes.pick(peers), id, at);
  };
  /**
   * As a real replica reads its peers' answers: a peer that will not resend writes of its own
   * that this replica lacks (it counts them acknowledged), or holds more of this replica's own
   * writes than it has, shows that this replica lost state; it asks that peer for its state.
   */
  const catchUpWhereBehind = (id: ReplicaId, at: number) => {
    const { replica } = node(id);
    for (const peer of members) {
      const there = node(peer);
      if (peer === id || !there.up) continue;
      const unsent = there.outbox.acknowledgedBy(id) > replica.heldCount(peer);
      const ownThere = there.replica.heldCount(id) > (replica.delivered[id] ?? 0);
      if (unsent || ownThere) transferState(peer, id, at);
    }
  };
  const serving = (candidate: SimulatedNode) => candidate.up && !candidate.catchingUp;
  const clientPlan = options.clients
    ? drawClientPlan(seededRandom(options.seed ^ clientStream), members, plan.durationMs)
    : undefined;
  const clients = clientPlan
    ? new SimulatedClients(
        clientPlan,
        {
          members,
          isUp: (id) => serving(node(id)),
          replica: (id) => node(id).replica,
          write: (id, key, value, at) => writeAt(node(id), key, value, at),
          schedule: (atMs, action) => queue.push(atMs, action),
        },
        options.clients?.contexts ?? true,
      )
    : undefined;
  clients?.start();

  let now = 0;
  for (let next = queue.pop(); next; next = queue.pop()) {
    now = next.time;
    const action = next.item;
    switch (action.kind) {
      case "client-write": {
        const write = plan.writes[action.index];
        if (!write) break;
        // A client whose replica is down tries the next one that is up.
        const target = [write.replica, ...members].map(node).find(serving);
        if (!target) break;
        // Written first: `clients?.` would skip evaluating its argument when there are no clients.
        const message = writeAt(target, write.key, write.value, now);
        clients?.anonymousWrite(message);
        break;
      }
      case "arrive": {
        inFlight--;
        const receiver = node(action.to);
        if (!receiver.up) break;
        if (action.payload.kind === "ack") {
          receiver.outbox.acknowledge(action.from, action.payload.count);
          break;
        }
        if (action.payload.kind === "state") {
          const { transfer } = action.payload;
          receiver.journal.push(...receiver.replica.catchUp(transfer, action.from, now));
          receiver.catchingUp = false;
          clients?.delivered(action.to, now);
          break;
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
        clients?.delivered(action.to, now);
        transmit(now, action.to, action.from, {
          kind: "ack",
          count: receiver.replica.delivered[action.from] ?? 0,
        });
        break;
      }
      case "tick": {
        const ticking = node(action.replica);
        if (!ticking.up || action.incarnation !== ticking.incarnation) break;
        if (ticking.catchingUp) requestState(action.replica, now);
        else catchUpWhereBehind(action.replica, now);
        for (const peer of ticking.outbox.peers) {
          const pending = ticking.outbox.unacknowledged(peer).slice(0, maxBatch);
          if (pending.length > 0)
            transmit(now, action.replica, peer, { kind: "writes", writes: pending });
        }
        queue.push(now + plan.retransmitMs, action);
        break;
      }
      case "crash": {
        const crashing = node(action.replica);
        if (!crashing.up) break;
        crashing.up = false;
        crashing.incarnation++;
        crashing.wipeOnRestart = crashing.outbox.size === 0 && wipes.chance(wipeChance);
        clients?.crashed(action.replica, now);
        queue.push(now + action.downMs, { kind: "restart", replica: action.replica });
        break;
      }
      case "client-op":
      case "client-timeout":
        clients?.run(action, now);
        break;
      case "restart": {
        const restarting = node(action.replica);
        restarting.up = true;
        const tick: Action = {
          kind: "tick",
          replica: action.replica,
          incarnation: restarting.incarnation,
        };
        if (restarting.wipeOnRestart) {
          // A new disk: nothing of the old journal, outbox or state, and no restart to journal.
          restarting.wipeOnRestart = false;
          restarting.replica = new CausalReplica({ id: action.replica, members, mode });
          restarting.outbox = new Outbox(restarting.outbox.peers);
          restarting.journal.length = 0;
          restarting.catchingUp = true;
          requestState(action.replica, now);
          queue.push(now + plan.retransmitMs, tick);
          break;
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
        queue.push(now + plan.retransmitMs, tick);
        break;
      }
    }
    if (
      now >= plan.durationMs &&
      (quiescent(nodes, inFlight) || now > plan.durationMs + settleLimitMs)
    )
      break;
  }

  const journals: Record<ReplicaId, JournalEvent[]> = {};
  const stores: Record<ReplicaId, ReturnType<CausalReplica["storeSnapshot"]>> = {};
  const endStates: Record<ReplicaId, ReplicaSnapshot> = {};
  for (const [id, simulated] of nodes) {
    journals[id] = simulated.journal;
    endStates[id] = simulated.replica.snapshot();
    stores[id] = endStates[id].store;
  }
  const trace: Trace = { replicas: members, journals, stores };
  const history = clients?.history();
  return {
    seed: options.seed,
    mode,
    plan,
    trace,
    endStates,
    violations: checkTrace(trace, { quiescent: true }),
    ...(clientPlan && history
      ? {
          clients: {
            plan: clientPlan,
            contexts: options.clients?.contexts ?? true,
            history,
            violations: checkClientHistory(history),
          },
        }
      : {}),
    eventCount: Object.values(journals).reduce((sum, journal) => sum + journal.length, 0),
    endedAtMs: now,
  };
}

function partitioned(plan: FaultPlan, from: ReplicaId, to: ReplicaId, now: number): boolean {
  return plan.partitions.some(
    (p) => p.from === from && p.to === to && p.startMs <= now && now < p.endMs,
  );
}

function quiescent(nodes: ReadonlyMap<ReplicaId, SimulatedNode>, inFlight: number): boolean {
  if (inFlight > 0) return false;
  for (const simulated of nodes.values()) {
    if (
      !simulated.up ||
      simulated.catchingUp ||
      simulated.outbox.size > 0 ||
      simulated.replica.bufferedWrites().length > 0
    )
      return false;
  }
  return true;
}
