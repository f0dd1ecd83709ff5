/**
 * One replica's state machine: a local write becomes a message for every peer; an arriving message
 * is delivered (with everything it releases from the buffer) or buffered, or discarded as a
 * duplicate. Pure and deterministic: time comes in as `now`, every step returns its journal events,
 * and a step that throws (bad input) has changed nothing.
 */
import { AppliedWrites, type AppliedWritesSnapshot } from "./appliedWrites.js";
import { type BufferedWrite, CausalBuffer } from "./causalBuffer.js";
import { firstMissingOrigin, missingDependencies } from "./causalDelivery.js";
import { CoreError } from "./coreError.js";
import type { BufferEvent, DeliveryMode, DiscardedCopy, JournalEvent } from "./journalEvent.js";
import { journaledStore, journaledWrite } from "./journaledWrite.js";
import { normalizeMembers, type ReplicaId } from "./replicaId.js";
import {
  assertValidKey,
  type ReplicatedWrite,
  readWrite,
  type WriteId,
  writeId,
  writeSeq,
} from "./replicatedWrite.js";
import { mergeStore, readStateTransfer, type StateTransfer } from "./stateTransfer.js";
import {
  canonicalClock,
  clockEntry,
  increment,
  mergeCanonical,
  type VectorClock,
  zeroClock,
} from "./vectorClock.js";
import { type Sibling, type StoreSnapshot, VersionedStore } from "./versionedStore.js";

/** What a CausalReplica starts from: who it is, its cluster, and its delivery rule. */
export interface CausalReplicaConfig {
  readonly id: ReplicaId;
  /** Every replica of the cluster, this one included. */
  readonly members: readonly ReplicaId[];
  readonly mode?: DeliveryMode;
}

/** Everything a replica must keep durably to come back after a crash exactly as it was. */
export interface ReplicaSnapshot {
  readonly id: ReplicaId;
  readonly members: readonly ReplicaId[];
  readonly mode: DeliveryMode;
  readonly clock: VectorClock;
  readonly applied: AppliedWritesSnapshot;
  readonly store: StoreSnapshot;
  readonly buffer: readonly BufferedWrite[];
  readonly nextEventSeq: number;
}

/** A buffered write with what it waits for: `W` is the write whole, or as the journal names it. */
export interface BufferedWriteView<W = ReplicatedWrite> {
  readonly message: W;
  readonly arrivedAt: number;
  readonly waitingFor: readonly WriteId[];
}

type EventBody = JournalEvent extends infer E
  ? E extends JournalEvent
    ? Omit<E, "seq" | "time" | "replica" | "clock">
    : never
  : never;

export class CausalReplica {
  readonly id: ReplicaId;
  readonly members: readonly ReplicaId[];
  private readonly memberSet: ReadonlySet<ReplicaId>;
  /** Every member but this one: where a local write is sent. */
  private readonly peers: readonly ReplicaId[];
  private deliveryMode: DeliveryMode;
  private currentClock: VectorClock;
  private readonly applied: AppliedWrites;
  private readonly store: VersionedStore;
  private readonly buffer = new CausalBuffer();
  /** Emptied after each use: releases happen once per delivered write, and rarely find any. */
  private readonly staleScratch: BufferedWrite[] = [];
  private nextEventSeq: number;

  constructor(config: CausalReplicaConfig, snapshot?: ReplicaSnapshot) {
    this.members = normalizeMembers(config.members);
    this.memberSet = new Set(this.members);
    this.peers = this.members.filter((id) => id !== config.id);
    if (!this.memberSet.has(config.id)) {
      throw new CoreError("invalid-config", `replica ${config.id} is not among the members`);
    }
    this.id = config.id;
    this.deliveryMode = snapshot?.mode ?? config.mode ?? "causal";
    this.currentClock = snapshot ? canonicalClock(snapshot.clock) : zeroClock(this.members);
    this.applied = new AppliedWrites(this.members, snapshot?.applied);
    this.store = new VersionedStore(snapshot?.store);
    this.nextEventSeq = snapshot?.nextEventSeq ?? 1;
    // Every clock the replica holds is canonical, as its own snapshots have them: delivery merges
    // by that assumption (mergeCanonical).
    for (const { write, arrivedAt } of snapshot?.buffer ?? []) {
      const held = { ...write, clock: canonicalClock(write.clock) };
      this.buffer.add({ write: held, arrivedAt }, this.applied.delivered);
    }
  }

  /** Rebuilds a replica from what it saved; the snapshot must be its own. */
  static restore(snapshot: ReplicaSnapshot): CausalReplica {
    return new CausalReplica({ id: snapshot.id, members: snapshot.members }, snapshot);
  }

  get clock(): VectorClock {
    return this.currentClock;
  }

  get mode(): DeliveryMode {
    return this.deliveryMode;
  }

  /** Per replica, how many of its writes are applied here without a gap. */
  get delivered(): VectorClock {
    return { ...this.applied.delivered };
  }

  /** The writes applied here, as a snapshot has them. */
  appliedWrites(): AppliedWritesSnapshot {
    return this.applied.snapshot();
  }

  /**
   * How many of `origin`'s writes are here without a gap, delivered or buffered: what this replica
   * can acknowledge to `origin`, which then need not send them again.
   */
  heldCount(origin: ReplicaId): number {
    let count = clockEntry(this.applied.delivered, origin);
    while (this.buffer.holds(origin, count + 1)) count++;
    return count;
  }

  siblings(key: string): readonly Sibling[] {
    return this.store.siblings(key);
  }

  /** `origin`'s write number `seq`, whole, if it waits in the buffer (the journal has a digest). */
  bufferedWrite(origin: ReplicaId, seq: number): BufferedWrite | undefined {
    return this.buffer.heldWrite(origin, seq);
  }

  /** Whether `origin`'s write number `seq` is applied here (with or without a gap before it). */
  hasApplied(origin: ReplicaId, seq: number): boolean {
    return this.applied.has(origin, seq);
  }

  storeSnapshot(): StoreSnapshot {
    return this.store.snapshot();
  }

  bufferedWrites(): BufferedWriteView[] {
    return this.buffer.entries().map((entry) => ({
      message: entry.write,
      arrivedAt: entry.arrivedAt,
      waitingFor: this.buffer.waitingFor(entry, this.applied.delivered),
    }));
  }

  snapshot(): ReplicaSnapshot {
    return {
      id: this.id,
      members: this.members,
      mode: this.deliveryMode,
      clock: this.currentClock,
      applied: this.applied.snapshot(),
      store: this.store.snapshot(),
      buffer: this.buffer.entries(),
      nextEventSeq: this.nextEventSeq,
    };
  }

  /** A client write: applied here, and returned as the message every peer must receive. */
  write(
    key: string,
    value: string | null,
    now: number,
  ): { message: ReplicatedWrite; events: JournalEvent[] } {
    assertValidKey(key);
    if (value !== null && typeof value !== "string") {
      throw new CoreError("invalid-write", "a value must be a string, or null for a delete");
    }
    const clock = increment(this.currentClock, this.id);
    const message: ReplicatedWrite = { origin: this.id, clock, key, value };
    const events: JournalEvent[] = [];
    this.currentClock = clock;
    this.store.apply(key, { value, clock, origin: this.id });
    const named = journaledWrite(message);
    // Literals, as for receives: every local write journals these two.
    events.push(
      {
        seq: this.nextEventSeq++,
        time: now,
        replica: this.id,
        clock,
        type: "write",
        message: named,
      },
      {
        seq: this.nextEventSeq++,
        time: now,
        replica: this.id,
        clock,
        type: "send",
        message: named,
        to: this.peers,
      },
    );
    // Nothing should wait on our own writes (receive refuses clocks that count writes we never
    // made), but whatever the buffer releases is delivered, never dropped.
    const released: BufferedWrite[] = [];
    this.releaseAfter(this.id, this.applied.add(this.id, writeSeq(message)), now, events, released);
    this.deliver(released, now, events);
    return { message, events };
  }

  /** A message from a peer. Throws a CoreError, changing nothing, if it is malformed. */
  receive(input: unknown, now: number): JournalEvent[] {
    const message = readWrite(input, this.memberSet);
    const seq = writeSeq(message);
    if (message.origin === this.id && !this.applied.has(this.id, seq)) {
      throw new CoreError(
        "invalid-write",
        `${writeId(message)} claims a write this replica never made`,
      );
    }
    if (this.seesOwnWritesNotHere(message)) {
      throw new CoreError(
        "invalid-clock",
        `${writeId(message)} has seen writes of ${this.id} that this replica never made`,
      );
    }
    return this.accept(message, now);
  }

  /**
   * Whether `message` has seen writes of ours beyond those applied here without a gap. Taken,
   * naive delivery would merge it and push our own count past our writes: the next write would
   * skip numbers, and causal peers would wait forever for the ones skipped.
   */
  private seesOwnWritesNotHere(message: ReplicatedWrite): boolean {
    return clockEntry(message.clock, this.id) > clockEntry(this.applied.delivered, this.id);
  }

  /** A checked message, received: applied, buffered, or discarded as a copy. */
  private accept(message: ReplicatedWrite, now: number): JournalEvent[] {
    const seq = writeSeq(message);
    // Event lists are built whole where their length is known: a list grown by push reserves room
    // for 17 events, and most receives journal exactly two.
    const received = this.receiveEvent(now, message);
    if (this.applied.has(message.origin, seq)) {
      return [received, this.duplicateEvent(now, message, "incoming")];
    }
    const delivered = this.applied.delivered;
    // Not applied, so it is its origin's next write or a later one: it is deliverable exactly when
    // it misses nothing. A deliverable write cannot be held (the buffer releases each write the
    // moment it becomes deliverable, and naive mode holds none), so only the rest can be copies.
    const waitsOn =
      this.deliveryMode === "naive" ? undefined : firstMissingOrigin(message, delivered);
    if (waitsOn === undefined) {
      const events = [received];
      this.deliver([{ write: message, arrivedAt: now }], now, events);
      return events;
    }
    if (!this.buffer.hold(message, now, waitsOn)) {
      return [received, this.duplicateEvent(now, message, "incoming")];
    }
    const buffered: BufferEvent = {
      seq: this.nextEventSeq++,
      time: now,
      replica: this.id,
      clock: this.currentClock,
      type: "buffer",
      message: journaledWrite(message),
      waitingFor: missingDependencies(message, delivered),
    };
    return [received, buffered];
  }

  /** What a peer that fell behind merges to catch up (see stateTransfer.ts). */
  stateTransfer(): StateTransfer {
    return {
      clock: this.currentClock,
      applied: this.applied.snapshot(),
      store: this.store.snapshot(),
      buffered: this.buffer.entries().map((entry) => entry.write),
    };
  }

  /**
   * Merges the state `from` transferred: its applied writes and store join this replica's, then
   * buffered writes the transfer covers are discarded and those it made deliverable are delivered.
   * Throws a CoreError, changing nothing, if the transfer is malformed.
   */
  catchUp(input: StateTransfer, from: ReplicaId, now: number): JournalEvent[] {
    if (from === this.id || !this.memberSet.has(from)) {
      throw new CoreError("unknown-replica", `${from} is not a peer of ${this.id}`);
    }
    const transfer = readStateTransfer(input, this.memberSet);
    // A transfer of nothing this replica lacks (a peer asked while both were fresh, say) changes
    // nothing: its store follows from writes already applied here, so it is not journaled either.
    const lacked = transfer.buffered.filter(
      (message) =>
        !this.applied.has(message.origin, writeSeq(message)) &&
        !this.buffer.holds(message.origin, writeSeq(message)),
    );
    if (this.holdsAll(transfer.applied) && lacked.length === 0) return [];
    this.currentClock = mergeCanonical(this.currentClock, transfer.clock);
    this.applied.merge(transfer.applied);
    const adopted = mergeStore(this.store, transfer.store);
    const events = [
      this.record(now, {
        type: "catch-up",
        from,
        applied: transfer.applied,
        adopted: journaledStore(adopted),
      }),
    ];
    const { ready, stale } = this.buffer.sortOut(this.applied.delivered, (origin, seq) =>
      this.applied.has(origin, seq),
    );
    for (const entry of stale) events.push(this.duplicateEvent(now, entry.write, "buffered"));
    this.deliver(ready, now, events);
    // What the peer holds in its buffer is in no store or applied set: among it may be writes of
    // ours that we lost (a wiped disk) and that only a peer's buffer still has. Each is received as
    // from the network, with the checks `receive` makes, except that our own lost writes are ours.
    for (const message of lacked) {
      if (this.applied.has(message.origin, writeSeq(message))) continue;
      if (message.origin !== this.id && this.seesOwnWritesNotHere(message)) continue;
      events.push(...this.accept(message, now));
    }
    return events;
  }

  /** Whether every write `applied` counts is applied here already. */
  private holdsAll(applied: AppliedWritesSnapshot): boolean {
    for (const [origin, { prefix, beyond }] of Object.entries(applied)) {
      for (let seq = clockEntry(this.applied.delivered, origin) + 1; seq <= prefix; seq++)
        if (!this.applied.has(origin, seq)) return false;
      if (beyond.some((seq) => !this.applied.has(origin, seq))) return false;
    }
    return true;
  }

  /** Switching to naive delivers everything buffered at once, as a broken system would. */
  setMode(mode: DeliveryMode, now: number): JournalEvent[] {
    if (mode !== "causal" && mode !== "naive") {
      throw new CoreError(
        "invalid-config",
        `delivery mode must be causal or naive, got ${String(mode)}`,
      );
    }
    this.deliveryMode = mode;
    const events = [this.record(now, { type: "mode", mode })];
    if (mode === "naive") this.deliver(this.buffer.drain(), now, events);
    return events;
  }

  /** Journals that the replica came back from a crash (its state came from `restore`). */
  restarted(now: number): JournalEvent[] {
    return [this.record(now, { type: "restart" })];
  }

  /** Applies each entry, then everything that delivery releases from the buffer, in one pass. */
  private deliver(queue: BufferedWrite[], now: number, events: JournalEvent[]): void {
    for (let i = 0; i < queue.length; i++) {
      const { write, arrivedAt } = queue[i] as BufferedWrite;
      this.currentClock = mergeCanonical(this.currentClock, write.clock);
      this.store.apply(write.key, { value: write.value, clock: write.clock, origin: write.origin });
      events.push({
        seq: this.nextEventSeq++,
        time: now,
        replica: this.id,
        clock: this.currentClock,
        type: "deliver",
        message: journaledWrite(write),
        bufferedMs: now - arrivedAt,
      });
      const range = this.applied.add(write.origin, writeSeq(write));
      this.releaseAfter(write.origin, range, now, events, queue);
    }
  }

  /** Moves to `ready` what waited in the buffer on the writes newly counted as delivered. */
  private releaseAfter(
    origin: ReplicaId,
    range: { from: number; to: number },
    now: number,
    events: JournalEvent[],
    ready: BufferedWrite[],
  ): void {
    const stale = this.staleScratch;
    for (let seq = range.from + 1; seq <= range.to; seq++) {
      this.buffer.releaseInto(origin, seq, this.applied.delivered, ready, stale);
      if (stale.length === 0) continue;
      for (const entry of stale) events.push(this.duplicateEvent(now, entry.write, "buffered"));
      stale.length = 0;
    }
  }

  // Receives and duplicates are built as literals, not through `record`: they are most of the
  // journal.
  private receiveEvent(now: number, message: ReplicatedWrite): JournalEvent {
    return {
      seq: this.nextEventSeq++,
      time: now,
      replica: this.id,
      clock: this.currentClock,
      type: "receive",
      message: journaledWrite(message),
    };
  }

  private duplicateEvent(
    now: number,
    message: ReplicatedWrite,
    discarded: DiscardedCopy,
  ): JournalEvent {
    return {
      seq: this.nextEventSeq++,
      time: now,
      replica: this.id,
      clock: this.currentClock,
      type: "duplicate",
      message: journaledWrite(message),
      discarded,
    };
  }

  private record(now: number, body: EventBody): JournalEvent {
    const stamp = { seq: this.nextEventSeq++, time: now, replica: this.id };
    return { ...stamp, clock: this.currentClock, ...body } as JournalEvent;
  }
}
