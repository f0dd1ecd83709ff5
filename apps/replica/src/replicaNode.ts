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
  normalizeMembers,
  Outbox,
  type ReplicaId,
  type ReplicatedWrite,
  type VectorClock,
  writeSeq,
} from "@causal-kv/core";
import {
  healthyLink,
  type LinkSettings,
  type LinkUpdate,
  type ReplicateResponse,
  type StatusResponse,
} from "@causal-kv/protocol";
import { ApiError } from "./apiError.js";
import { checkIncomingBatch, type IncomingBatch } from "./incomingBatch.js";
import { statusView } from "./statusView.js";
import { GroupCommit } from "./storage/groupCommit.js";
import type { ReplicaDatabase } from "./storage/replicaDatabase.js";
import { StepRecorder } from "./storage/stepRecorder.js";
import { type Identity, loadStoredState } from "./storage/storedState.js";

export interface NodeHooks {
  /** Committed journal events, in order. */
  journal(events: readonly JournalEvent[]): void;
  /** A committed local write, to send to every peer. */
  localWrite(message: ReplicatedWrite, epoch: number): void;
  linkChanged(peer: ReplicaId, before: LinkSettings, after: LinkSettings): void;
  reset(epoch: number): void;
}

const noHooks: NodeHooks = { journal() {}, localWrite() {}, linkChanged() {}, reset() {} };

export class ReplicaNode {
  readonly id: ReplicaId;
  readonly members: readonly ReplicaId[];
  readonly peers: readonly ReplicaId[];
  hooks: NodeHooks = noHooks;
  private readonly memberSet: ReadonlySet<ReplicaId>;
  private readonly commit: GroupCommit;
  private readonly restored: boolean;
  private state: NodeState;
  private acknowledgementTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: ReplicaDatabase,
    identity: Identity,
    private readonly now: () => number = Date.now,
  ) {
    this.members = normalizeMembers(identity.members);
    this.memberSet = new Set(this.members);
    this.id = identity.id;
    this.peers = this.members.filter((id) => id !== identity.id);
    this.commit = new GroupCommit(db.connection, () => this.reload(), db.walSync);
    this.state = this.load();
    this.restored = this.state.restored;
    if (!this.restored) {
      db.connection.transaction(() => {
        db.putIdentity({ id: this.id, members: this.members });
        db.putEpoch(0);
        db.putCore(this.state.recorder.counters(this.state.replica, 0));
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
    const epoch = this.state.currentEpoch;
    const { message, events } = await this.step(() => {
      this.storeAcknowledgements();
      const result = this.state.replica.write(key, value, this.now());
      this.state.outbox.add(result.message);
      this.recorded(result.events);
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
   * message changes nothing. Replies, per origin, how many of its writes this replica now holds.
   */
  async receive(batch: IncomingBatch): Promise<ReplicateResponse> {
    checkIncomingBatch(batch, {
      id: this.id,
      epoch: this.state.currentEpoch,
      members: this.memberSet,
      ownWrites: this.state.replica.delivered[this.id] ?? 0,
    });
    const epoch = this.state.currentEpoch;
    const { events, acknowledged } = await this.step(() => {
      this.storeAcknowledgements();
      const now = this.now();
      const events: JournalEvent[] = [];
      for (const message of batch.messages)
        events.push(...this.state.replica.receive(message, now));
      this.recorded(events);
      const acknowledged: Record<ReplicaId, number> = {};
      for (const message of batch.messages) {
        acknowledged[message.origin] ??= this.holds(message.origin);
      }
      return { events, acknowledged };
    });
    this.hooks.journal(events);
    return { epoch, acknowledged };
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

  /** Forgets everything but identity, durably, and moves to a newer epoch. */
  async reset(epoch?: number): Promise<number> {
    const next = epoch ?? this.state.currentEpoch + 1;
    if (next <= this.state.currentEpoch) {
      throw new ApiError(
        "epoch-not-newer",
        `this replica is at epoch ${this.state.currentEpoch}; a reset must move to a later one`,
      );
    }
    await this.step(() => {
      this.db.clear();
      this.db.putEpoch(next);
      this.state = this.fresh(next);
      this.db.putCore(this.state.recorder.counters(this.state.replica, 0));
    });
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
    });
  }

  /** How many of `origin`'s writes this replica has without a gap, delivered or buffered. */
  private holds(origin: ReplicaId): number {
    let count = this.state.replica.delivered[origin] ?? 0;
    while (this.state.recorder.buffered.has(`${origin}:${count + 1}`)) count++;
    return count;
  }

  /** Inside a step: stores how far each peer has acknowledged, and forgets what all have. */
  private storeAcknowledgements(): void {
    const { outbox } = this.state;
    if (!this.state.acknowledgementsToStore) return;
    this.state.acknowledgementsToStore = false;
    for (const peer of this.peers) this.db.putAcknowledged(peer, outbox.acknowledgedBy(peer));
    this.db.pruneOutbox(Math.min(...this.peers.map((peer) => outbox.acknowledgedBy(peer))));
  }

  private recorded(events: JournalEvent[]): JournalEvent[] {
    this.state.recorder.record(this.state.replica, events);
    return events;
  }

  /** Runs a change through the group commit; if it throws midway, memory reloads from disk. */
  private async step<T>(change: () => T): Promise<T> {
    let failedInside = false;
    const promise = this.commit.run(() => {
      try {
        return change();
      } catch (error) {
        failedInside = true;
        throw error;
      }
    });
    if (failedInside) this.reload();
    return promise;
  }

  /** Rebuilds memory from the database (as this connection sees it). */
  private reload(): void {
    this.state = this.load();
  }

  private load(): NodeState {
    const stored = loadStoredState(this.db, { id: this.id, members: this.members });
    if (!stored) return this.fresh(0);
    const replica = CausalReplica.restore(stored.snapshot);
    return {
      replica,
      outbox: new Outbox(this.peers, stored.outbox),
      recorder: new StepRecorder(this.db, stored.snapshot),
      links: new Map(stored.links),
      currentEpoch: stored.epoch,
      committedOwnSeq: replica.delivered[this.id] ?? 0,
      acknowledgementsToStore: false,
      restored: true,
    };
  }

  private fresh(epoch: number): NodeState {
    return {
      replica: new CausalReplica({ id: this.id, members: this.members }),
      outbox: new Outbox(this.peers),
      recorder: new StepRecorder(this.db),
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
