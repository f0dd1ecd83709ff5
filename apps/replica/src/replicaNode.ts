/**
 * One replica's state: the core's CausalReplica, the outbox of own writes, the epoch and the link
 * settings, kept in memory and in the database in the same step. Every change runs through
 * GroupCommit, and its effects (journal events, sends) are announced only after it is committed.
 * The database is the truth: if a step fails halfway, memory is rebuilt from it.
 */
import {
  CausalReplica,
  type DeliveryMode,
  type JournalEvent,
  JournalReplay,
  normalizeMembers,
  Outbox,
  type ReplicaId,
  type ReplicatedWrite,
  type StateTransfer,
  type VectorClock,
  writeSeq,
} from "@causal-kv/core";
import {
  healthyLink,
  type LinkSettings,
  type LinkUpdate,
  type ReplicateResponse,
  type StateTransferResponse,
  type StatusResponse,
} from "@causal-kv/protocol";
import { ApiError } from "./apiError.js";
import { resetTarget } from "./epochs.js";
import { checkIncomingBatch, type IncomingBatch, type Receiver } from "./incomingBatch.js";
import { RejoinGate } from "./rejoinGate.js";
import { statusView } from "./statusView.js";
import { GroupCommit } from "./storage/groupCommit.js";
import type { Identity, ReplicaDatabase } from "./storage/replicaDatabase.js";
import { StepRecorder } from "./storage/stepRecorder.js";
import { storedCopy } from "./storage/storedCopy.js";
import { loadStoredState } from "./storage/storedState.js";

export interface NodeHooks {
  /** Committed journal events, in order. */
  journal(events: readonly JournalEvent[]): void;
  /** A committed local write, to send to every peer. */
  localWrite(message: ReplicatedWrite, epoch: number): void;
  linkChanged(peer: ReplicaId, before: LinkSettings, after: LinkSettings): void;
  reset(epoch: number): void;
  /** The disk did not confirm a sync: the replica must stop (see GroupCommit). */
  storageFailed(error: unknown): void;
}

export interface NodeOptions {
  /**
   * Started on an empty disk, take no writes until every peer has said how many of ours it holds
   * (rejoinGate.ts). Off for a node whose peers are known never to have existed (unit tests).
   */
  readonly rejoinGate?: boolean;
  /** How long a write waits for that before it is refused as `rejoining`. */
  readonly rejoinWaitMs?: number;
}

const noHooks: NodeHooks = {
  journal() {},
  localWrite() {},
  linkChanged() {},
  reset() {},
  storageFailed() {},
};

export class ReplicaNode {
  readonly id: ReplicaId;
  readonly members: readonly ReplicaId[];
  readonly peers: readonly ReplicaId[];
  private readonly memberSet: ReadonlySet<ReplicaId>;
  private readonly commit: GroupCommit;
  private readonly restored: boolean;
  private readonly rejoin: RejoinGate;
  private readonly rejoinWaitMs: number;
  private state: NodeState;
  private acknowledgementTimer: NodeJS.Timeout | undefined;

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
    this.commit = new GroupCommit(
      db.connection,
      () => this.reload(),
      db.walSync,
      (error) => this.hooks.storageFailed(error),
      () => this.state.recorder.storeDeferred(),
    );
    this.state = this.load();
    this.restored = this.state.restored;
    // Closed on an empty disk, and after a restart that came before it opened (see rejoinPending).
    const gateClosed = options.rejoinGate === true && (!this.restored || db.rejoinPending);
    this.rejoin = new RejoinGate(this.peers, gateClosed);
    this.rejoinWaitMs = options.rejoinWaitMs ?? 2000;
    if (!this.restored) {
      db.connection.transaction(() => {
        db.putIdentity({ id: this.id, members: this.members });
        db.putEpoch(0);
        db.putCore(this.state.recorder.counters(0));
        db.setRejoinPending(gateClosed);
      })();
    }
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
    const events = await this.step(() => this.recorded(this.state.replica.restarted(this.now())));
    this.hooks.journal(events);
  }

  /** A client write (`value` null deletes); resolves once it is durable here. */
  async write(key: string, value: string | null): Promise<ReplicatedWrite> {
    // Checked before awaiting: an open gate (every write but a rejoining replica's) costs no turn.
    if (!this.rejoin.open && !(await this.rejoin.wait(this.rejoinWaitMs))) {
      const peers = this.rejoin.awaitingPeers.join(", ");
      throw new ApiError(
        "rejoining",
        `this replica started on an empty disk and has not yet heard from ${peers} which of its own writes they hold; nothing was written, retry shortly`,
      );
    }
    const epoch = this.state.currentEpoch;
    const { message, events } = await this.step(() => {
      this.storeAcknowledgements();
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
    const { events, acknowledged } = await this.step(() => {
      this.storeAcknowledgements();
      const now = this.now();
      const events: JournalEvent[] = [];
      for (const message of batch.messages)
        events.push(...this.state.replica.receive(message, now));
      this.recorded(events);
      const acknowledged: Record<ReplicaId, number> = Object.create(null);
      for (const message of batch.messages) {
        acknowledged[message.origin] ??= this.state.replica.heldCount(message.origin);
      }
      // The sender's own count, even for an announcement: a sender that counts fewer lost them.
      if (batch.from !== undefined) {
        acknowledged[batch.from] ??= this.state.replica.heldCount(batch.from);
      }
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

  /**
   * Whether `peer`'s answer shows this replica lost state that delivery cannot bring back (a wiped
   * disk, an old backup): the peer holds more of our own writes than we hold (applied, or got back
   * from a peer's buffer and waiting in ours), or it will not resend writes of its own that we
   * lack. Acknowledgements are durable, so neither happens otherwise.
   */
  lagsBehind(peer: ReplicaId, answer: ReplicateResponse): boolean {
    if (answer.epoch !== this.state.currentEpoch) return false;
    const { replica } = this.state;
    const ownThere = answer.acknowledged[this.id] ?? 0;
    return (
      ownThere > replica.heldCount(this.id) || (answer.resendsAfter ?? 0) > replica.heldCount(peer)
    );
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
      void this.step(() => this.db.setRejoinPending(false)).catch(() => {});
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
    const events = await this.step(() => {
      const { replica, outbox } = this.state;
      const events = this.recorded(replica.catchUp(transfer, transfer.from, this.now()));
      // Own writes that came back with the transfer are in no outbox: every peer is told they will
      // not be resent (resendsAfter), so one that lacks them catches up too instead of waiting.
      const own = replica.delivered[this.id] ?? 0;
      if (own > ownBefore) {
        for (const peer of this.peers) outbox.acknowledge(peer, own);
        this.state.acknowledgementsToStore = true;
      }
      this.storeAcknowledgements();
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
    const events = await this.step(() =>
      this.recorded(this.state.replica.setMode(mode, this.now())),
    );
    this.hooks.journal(events);
    return this.state.replica.mode;
  }

  /**
   * A peer has our first `count` writes (of `epoch`): stop resending them. Stored lazily, with the
   * next step or within 100 ms: a lost acknowledgement only means writes are sent again, and then
   * discarded as duplicates, while storing each one would cost a commit per exchange.
   */
  acknowledge(peer: ReplicaId, count: number, epoch: number): void {
    if (epoch !== this.state.currentEpoch) return;
    const capped = Math.min(count, this.state.committedOwnSeq);
    if (!this.state.outbox.acknowledge(peer, capped)) return;
    this.state.acknowledgementsToStore = true;
    this.acknowledgementTimer ??= setTimeout(() => {
      this.acknowledgementTimer = undefined;
      if (!this.state.acknowledgementsToStore) return;
      this.step(() => this.storeAcknowledgements()).catch(() => {});
    }, 100);
    this.acknowledgementTimer.unref();
  }

  /** Own committed writes `peer` has not acknowledged, oldest first. */
  unsent(peer: ReplicaId): ReplicatedWrite[] {
    return this.state.outbox
      .unacknowledged(peer)
      .filter((message) => writeSeq(message) <= this.state.committedOwnSeq);
  }

  link(peer: string): LinkSettings {
    if (!this.peers.includes(peer)) {
      throw new ApiError(
        "unknown-peer",
        peer === this.id
          ? `${peer} is this replica; links go to its peers (${this.peers.join(", ")})`
          : `${peer} is not a peer of ${this.id} (peers: ${this.peers.join(", ")})`,
      );
    }
    return this.state.links.get(peer) ?? healthyLink;
  }

  allLinks(): Record<ReplicaId, LinkSettings> {
    return Object.fromEntries(this.peers.map((peer) => [peer, this.link(peer)]));
  }

  async updateLink(peer: string, update: LinkUpdate): Promise<LinkSettings> {
    const before = this.link(peer);
    const after: LinkSettings = { ...before, ...update };
    await this.step(() => {
      this.db.putLink(peer, after);
      this.state.links.set(peer, after);
    });
    this.hooks.linkChanged(peer, before, after);
    return after;
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
    await this.step(() => {
      this.db.clear();
      this.db.putEpoch(next);
      this.state = this.fresh(next);
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
    return this.commit.settled();
  }

  /** Commits what is pending; for shutdown. */
  flush(): void {
    clearTimeout(this.acknowledgementTimer);
    if (this.state.acknowledgementsToStore) {
      this.step(() => this.storeAcknowledgements()).catch(() => {});
    }
    this.commit.flush();
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

  /** Inside a step: stores how far each peer has acknowledged, and forgets what all have. */
  private storeAcknowledgements(): void {
    const { outbox } = this.state;
    if (!this.state.acknowledgementsToStore) return;
    this.state.acknowledgementsToStore = false;
    for (const peer of this.peers) this.db.putAcknowledged(peer, outbox.acknowledgedBy(peer));
    this.db.pruneOutbox(outbox.acknowledgedByAll);
  }

  private recorded(events: JournalEvent[]): JournalEvent[] {
    this.state.recorder.record(events);
    this.db.journal.compact();
    return events;
  }

  /** Runs a change through the group commit; if it throws midway, memory reloads from disk. */
  private async step<T>(change: () => T): Promise<T> {
    const { recorder } = this.state;
    const unstoredBefore = recorder.unstored;
    let failedInside = false;
    const promise = this.commit.run(() => {
      try {
        return change();
      } catch (error) {
        failedInside = true;
        throw error;
      }
    });
    if (failedInside) {
      // Its rows are rolled back; the steps before it in this transaction keep their counters. If
      // SQLite rolled back the whole transaction, they are gone too, and so are their counters:
      // the stored ones are the last commit's, which is what memory reloads to.
      if (this.db.connection.inTransaction) {
        recorder.backTo(unstoredBefore);
        recorder.storeDeferred();
      }
      this.reload();
    }
    return promise;
  }

  /** Rebuilds memory from the database (as this connection sees it). */
  private reload(): void {
    this.db.reloadJournal();
    this.state = this.load();
  }

  private load(): NodeState {
    const stored = loadStoredState(this.db, { id: this.id, members: this.members });
    if (!stored) return this.fresh(0);
    const replica = CausalReplica.restore(stored.snapshot);
    return {
      replica,
      outbox: new Outbox(this.peers, stored.outbox),
      recorder: new StepRecorder(this.db, JournalReplay.restore(stored.snapshot), replica),
      links: new Map(stored.links),
      currentEpoch: stored.epoch,
      committedOwnSeq: replica.delivered[this.id] ?? 0,
      acknowledgementsToStore: false,
      restored: true,
    };
  }

  private fresh(epoch: number): NodeState {
    const replica = new CausalReplica({ id: this.id, members: this.members });
    return {
      replica,
      outbox: new Outbox(this.peers),
      recorder: new StepRecorder(this.db, JournalReplay.fresh(this.members), replica),
      links: new Map(),
      currentEpoch: epoch,
      committedOwnSeq: 0,
      acknowledgementsToStore: false,
      restored: false,
    };
  }
}

interface NodeState {
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
