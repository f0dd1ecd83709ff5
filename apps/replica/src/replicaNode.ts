/**
 * One replica: what its server, transport and stream ask of it (client writes, peer batches,
 * catch-ups, links, resets), each done as one step on its memory and database (nodeSteps.ts).
 * Invariant: a step's effects (journal events, sends, hooks) are announced only once it is
 * committed, so nothing anyone sees can be rolled back.
 */
import {
  type DeliveryMode,
  type JournalEvent,
  normalizeMembers,
  type ReplicaId,
  type ReplicatedWrite,
  type StateTransfer,
  type VectorClock,
  writeSeq,
} from "@causal-kv/core";
import type {
  LinkSettings,
  LinkUpdate,
  ReplicateResponse,
  StateTransferResponse,
  StatusResponse,
} from "@causal-kv/protocol";
import { resetTarget } from "./epochs.js";
import {
  checkIncomingBatch,
  heldCounts,
  type IncomingBatch,
  type Receiver,
} from "./incomingBatch.js";
import { type NodeHooks, noHooks } from "./nodeHooks.js";
import { NodeLinks } from "./nodeLinks.js";
import { type NodeState, storeFirstStart } from "./nodeState.js";
import { NodeSteps } from "./nodeSteps.js";
import { PeerAcknowledgements } from "./peerAcknowledgements.js";
import { RejoinGate } from "./rejoinGate.js";
import { statusView } from "./statusView.js";
import type { Identity, ReplicaDatabase } from "./storage/replicaDatabase.js";
import { storedCopy } from "./storage/storedCopy.js";

export interface NodeOptions {
  /**
   * Started on an empty disk, take no writes until every peer has said how many of ours it holds
   * (rejoinGate.ts). Off for a node whose peers are known never to have existed (unit tests).
   */
  readonly rejoinGate?: boolean;
  /** How long a write waits for that before it is refused as `rejoining`. */
  readonly rejoinWaitMs?: number;
}

export class ReplicaNode {
  readonly id: ReplicaId;
  readonly members: readonly ReplicaId[];
  readonly peers: readonly ReplicaId[];
  private readonly memberSet: ReadonlySet<ReplicaId>;
  private readonly steps: NodeSteps;
  private readonly restored: boolean;
  private readonly rejoin: RejoinGate;
  private readonly rejoinWaitMs: number;
  private readonly acknowledgements: PeerAcknowledgements;
  private readonly links: NodeLinks;

  constructor(
    private readonly db: ReplicaDatabase,
    identity: Identity,
    private readonly now: () => number = Date.now,
    /** Told of every committed change; called only after construction, never during it. */
    private readonly hooks: NodeHooks = noHooks,
    options: NodeOptions = {},
  ) {
    this.members = normalizeMembers(identity.members);
    this.memberSet = new Set(this.members);
    this.id = identity.id;
    this.peers = this.members.filter((id) => id !== identity.id);
    this.steps = new NodeSteps(db, this, (error) => this.hooks.storageFailed(error));
    this.acknowledgements = new PeerAcknowledgements(
      db,
      this.id,
      this.peers,
      () => this.state,
      (change) => this.steps.run(change),
    );
    this.links = new NodeLinks(
      this.id,
      this.peers,
      db,
      this.steps,
      () => this.state,
      (...change) => this.hooks.linkChanged(...change),
    );
    this.restored = this.state.restored;
    // Closed on an empty disk, and after a restart that came before it opened (see rejoinPending).
    const gateClosed = options.rejoinGate === true && (!this.restored || db.rejoinPending);
    this.rejoin = new RejoinGate(this.peers, gateClosed);
    this.rejoinWaitMs = options.rejoinWaitMs ?? 2000;
    if (!this.restored) storeFirstStart(db, this, this.state, gateClosed);
  }

  /** Memory now: a failed step or a reset replaces it whole (nodeSteps.ts). */
  private get state(): NodeState {
    return this.steps.state;
  }

  get epoch(): number {
    return this.state.currentEpoch;
  }

  /** Per replica, how many of its writes are applied here without a gap. */
  get delivered(): VectorClock {
    return this.state.replica.delivered;
  }

  get mode(): DeliveryMode {
    return this.state.replica.mode;
  }

  /** Journals the restart if this replica came back with stored state. */
  async start(): Promise<void> {
    if (!this.restored) return;
    const events = await this.steps.run(() =>
      this.recorded(this.state.replica.restarted(this.now())),
    );
    this.hooks.journal(events);
  }

  /** A client write (`value` null deletes); resolves once it is durable here. */
  async write(key: string, value: string | null): Promise<ReplicatedWrite> {
    // Checked before awaiting: an open gate (every write but a rejoining replica's) costs no turn.
    if (!this.rejoin.open) await this.rejoin.admitWrite(this.rejoinWaitMs);
    const epoch = this.state.currentEpoch;
    const { message, events } = await this.steps.run(() => {
      this.acknowledgements.store();
      const result = this.state.replica.write(key, value, this.now());
      this.state.outbox.add(result.message);
      this.state.recorder.record(result.events, result.message);
      this.db.journal.compact();
      return result;
    });
    if (epoch === this.state.currentEpoch) {
      this.state.committedOwnSeq = Math.max(this.state.committedOwnSeq, writeSeq(message));
    }
    this.hooks.journal(events);
    this.hooks.localWrite(message, epoch);
    return message;
  }

  /**
   * Writes from a peer. Every message is checked before any is applied, so a batch with one bad
   * message changes nothing. A batch from a peer in a newer epoch means the cluster was reset
   * there: this replica, once the batch has passed every check, resets to that epoch first (how a
   * reset reaches a replica that was down or partitioned). Replies, per origin, how many of its
   * writes this replica now holds.
   */
  async receive(batch: IncomingBatch): Promise<ReplicateResponse> {
    const newer = batch.from !== undefined && batch.epoch !== undefined && batch.epoch > this.epoch;
    if (newer && batch.epoch !== undefined) {
      // As the fresh replica of that epoch would check it (it holds nothing yet), so that a refused
      // batch resets nothing.
      checkIncomingBatch(batch, {
        ...this.receiver(),
        epoch: batch.epoch,
        ownWrites: 0,
        heldCopy: () => undefined,
      });
      await this.reset(batch.epoch);
    }
    // (Again after a reset: another one may have come in while that one was being committed.)
    checkIncomingBatch(batch, this.receiver());
    const epoch = this.state.currentEpoch;
    const { events, acknowledged } = await this.steps.run(() => {
      this.acknowledgements.store();
      const now = this.now();
      const events: JournalEvent[] = [];
      for (const message of batch.messages)
        events.push(...this.state.replica.receive(message, now));
      this.recorded(events);
      const acknowledged = heldCounts(batch, (origin) => this.state.replica.heldCount(origin));
      return { events, acknowledged };
    });
    this.hooks.journal(events);
    if (batch.from === undefined) return { epoch, acknowledged };
    return { epoch, acknowledged, resendsAfter: this.state.outbox.acknowledgedBy(batch.from) };
  }

  /** This replica's committed state, for a peer that fell behind (see lagsBehind). */
  async stateTransfer(): Promise<StateTransfer & { from: ReplicaId; epoch: number }> {
    await this.settled();
    return { from: this.id, epoch: this.epoch, ...this.state.replica.stateTransfer() };
  }

  /** Whether `peer`'s answer shows this replica lost state delivery cannot bring back. */
  lagsBehind(peer: ReplicaId, answer: ReplicateResponse): boolean {
    return this.acknowledgements.lagsBehind(peer, answer);
  }

  /** The peers this replica still waits to hear from before it takes writes (rejoinGate.ts). */
  get rejoining(): ReplicaId[] {
    return this.rejoin.awaitingPeers;
  }

  /** Whether the link to `peer` should ask it again (an empty batch) for the gate's sake. */
  awaitsAnswer(peer: ReplicaId): boolean {
    return this.rejoin.awaits(peer);
  }

  /** `peer` answered a batch of ours; in the current epoch its count of our writes counts. */
  answered(peer: ReplicaId, answer: ReplicateResponse): void {
    if (answer.epoch !== this.state.currentEpoch) return;
    const ownHere = this.state.replica.delivered[this.id] ?? 0;
    const wasOpen = this.rejoin.open;
    this.rejoin.heard(peer, answer.acknowledged[this.id] ?? 0, ownHere);
    if (!wasOpen && this.rejoin.open) {
      // A failed commit is the storage failure hook's to handle (the process stops); until this
      // one is durable a restart only closes the gate again, which the peers open at once.
      void this.steps.run(() => this.db.setRejoinPending(false)).catch(() => {});
    }
  }

  /**
   * Merges a peer's state (the core's stateTransfer.ts). One from an older epoch is ignored; one
   * from a newer epoch resets this replica to it first, as a batch of that epoch would. Resolves
   * with whether it was merged.
   */
  async catchUp(transfer: StateTransferResponse): Promise<boolean> {
    if (transfer.epoch > this.state.currentEpoch) await this.reset(transfer.epoch);
    if (transfer.epoch !== this.state.currentEpoch) return false;
    const ownBefore = this.state.replica.delivered[this.id] ?? 0;
    const events = await this.steps.run(() => {
      const { replica } = this.state;
      const events = this.recorded(replica.catchUp(transfer, transfer.from, this.now()));
      // Own writes that came back with the transfer are in no outbox: every peer is told they will
      // not be resent (resendsAfter), so one that lacks them catches up too instead of waiting.
      const own = replica.delivered[this.id] ?? 0;
      if (own > ownBefore) this.acknowledgements.acknowledgeAll(own);
      this.acknowledgements.store();
      return events;
    });
    this.state.committedOwnSeq = Math.max(
      this.state.committedOwnSeq,
      this.state.replica.delivered[this.id] ?? 0,
    );
    this.hooks.journal(events);
    return true;
  }

  async setMode(mode: DeliveryMode): Promise<DeliveryMode> {
    const events = await this.steps.run(() =>
      this.recorded(this.state.replica.setMode(mode, this.now())),
    );
    this.hooks.journal(events);
    return this.state.replica.mode;
  }

  /** A peer has our first `count` writes (of `epoch`): stop resending them (stored lazily). */
  acknowledge(peer: ReplicaId, count: number, epoch: number): void {
    this.acknowledgements.acknowledge(peer, count, epoch);
  }

  /** Own committed writes `peer` has not acknowledged, oldest first. */
  unsent(peer: ReplicaId): ReplicatedWrite[] {
    return this.acknowledgements.unsent(peer);
  }

  link(peer: string): LinkSettings {
    return this.links.get(peer);
  }

  allLinks(): Record<ReplicaId, LinkSettings> {
    return this.links.all();
  }

  updateLink(peer: string, update: LinkUpdate): Promise<LinkSettings> {
    return this.links.update(peer, update);
  }

  /**
   * Forgets everything but identity, durably, and moves to a newer epoch: `epoch`, or the current
   * one + 1. Resetting to the epoch the replica is already in changes nothing, so a cluster-wide
   * reset that reached this replica from a peer first is not repeated over the writes made since.
   */
  async reset(epoch?: number): Promise<number> {
    const current = this.state.currentEpoch;
    const next = resetTarget(current, epoch);
    if (next === current) {
      // The reset that moved it there may still be on its way to the disk.
      await this.settled();
      return current;
    }
    await this.steps.run(() => {
      this.db.clear();
      this.db.putEpoch(next);
      this.steps.startFresh(next);
      this.db.putCore(this.state.recorder.counters(0));
    });
    this.rejoin.epochChanged();
    this.hooks.reset(next);
    return next;
  }

  siblings(key: string) {
    return this.state.replica.siblings(key);
  }

  /** Resolves once every step so far is committed. */
  settled(): Promise<void> {
    return this.steps.settled();
  }

  /** Commits what is pending; for shutdown. */
  flush(): void {
    this.acknowledgements.flush();
    this.steps.flush();
  }

  status(): StatusResponse {
    const { replica, outbox, currentEpoch } = this.state;
    const { id, members, peers } = this;
    return statusView({
      id,
      epoch: currentEpoch,
      members,
      peers,
      replica,
      outbox,
      links: this.allLinks(),
      rejoining: this.rejoin.awaitingPeers,
    });
  }

  /** This replica as the checks of an incoming batch see it. */
  private receiver(): Receiver {
    const { replica, currentEpoch } = this.state;
    return {
      id: this.id,
      epoch: currentEpoch,
      members: this.memberSet,
      ownWrites: replica.delivered[this.id] ?? 0,
      heldCopy: (message) => storedCopy(this.db, replica, message),
    };
  }

  private recorded(events: JournalEvent[]): JournalEvent[] {
    this.state.recorder.record(events);
    this.db.journal.compact();
    return events;
  }
}
