/**
 * A replica's state folded from its journal: mode, clock, applied writes, store and buffer, after
 * each event exactly what the replica held then. Every replay of a journal (the replica's recorder,
 * the dashboard's panels and replay, the checker) is this one fold; an event costs O(1) besides the
 * store's own work, so a journal of n events folds in O(n). Values are digests, as events carry
 * them (journaledWrite.ts): a replay's store names each value by preview, size and hash.
 */
import { AppliedWrites, type AppliedWritesSnapshot } from "./appliedWrites.js";
import type { BufferedWriteView } from "./bufferedWriteView.js";
import { missingDependencies } from "./causalDelivery.js";
import type { DeliveryMode, JournalEvent } from "./journalEvent.js";
import {
  type JournaledStore,
  type JournaledWrite,
  journaledStore,
  journaledWrite,
} from "./journaledWrite.js";
import { normalizeMembers, type ReplicaId } from "./replicaId.js";
import type { ReplicaSnapshot } from "./replicaSnapshot.js";
import { writeSeq } from "./replicatedWrite.js";
import type { ValueDigest } from "./valueDigest.js";
import { canonicalClock, clockEntry, compare, type VectorClock, zeroClock } from "./vectorClock.js";
import { type Sibling, VersionedStore } from "./versionedStore.js";

/** A replica's state as plain data: what a replay gives back. */
export interface ReplayState {
  readonly members: readonly ReplicaId[];
  readonly mode: DeliveryMode;
  readonly clock: VectorClock;
  readonly applied: AppliedWritesSnapshot;
  readonly store: JournaledStore;
  /** In arrival order, each with the writes it still waits for, as the replica judges them. */
  readonly buffer: readonly BufferedWriteView<JournaledWrite>[];
}

/** Where a replay starts: a state whose buffered writes need not say what they wait for. */
export interface ReplayStart extends Omit<ReplayState, "buffer"> {
  readonly buffer: readonly Held[];
}

interface Held {
  readonly message: JournaledWrite;
  readonly arrivedAt: number;
}

export class JournalReplay {
  readonly members: readonly ReplicaId[];
  private currentMode: DeliveryMode;
  private currentClock: VectorClock;
  private readonly applied: AppliedWrites;
  private readonly store: VersionedStore<ValueDigest | null>;
  /** origin → seq → the buffered write: numbers, not `origin:seq` strings, as the core keys them. */
  private readonly held = new Map<ReplicaId, Map<number, Held>>();
  /** The same buffered writes, in arrival order. */
  private readonly arrivals = new Set<Held>();

  constructor(start: ReplayStart) {
    this.members = normalizeMembers(start.members);
    this.currentMode = start.mode;
    this.currentClock = canonicalClock(start.clock);
    this.applied = new AppliedWrites(this.members, start.applied);
    this.store = new VersionedStore(start.store);
    for (const { message, arrivedAt } of start.buffer) this.hold({ message, arrivedAt });
  }

  /**
   * A replica that has done nothing yet. Its mode is not in its journal (a replica configured naive
   * journals no switch), so it is given here; replicas start causal unless configured otherwise.
   */
  static fresh(members: readonly ReplicaId[], mode: DeliveryMode = "causal"): JournalReplay {
    return new JournalReplay({
      members,
      mode,
      clock: zeroClock(members),
      applied: {},
      store: {},
      buffer: [],
    });
  }

  /** From a replica's own snapshot: the state its journal goes on from after a restore. */
  static restore(snapshot: ReplicaSnapshot): JournalReplay {
    return new JournalReplay({
      ...snapshot,
      store: journaledStore(snapshot.store),
      buffer: snapshot.buffer.map(({ write, arrivedAt }) => ({
        message: journaledWrite(write),
        arrivedAt,
      })),
    });
  }

  get mode(): DeliveryMode {
    return this.currentMode;
  }

  get clock(): VectorClock {
    return this.currentClock;
  }

  /** Per replica, how many of its writes are applied without a gap. */
  get delivered(): VectorClock {
    return { ...this.applied.delivered };
  }

  /** Folds one event; says whether it took a write out of the buffer (delivered or discarded). */
  apply(event: JournalEvent): boolean {
    this.currentClock = event.clock;
    switch (event.type) {
      case "write":
      case "deliver": {
        const { message } = event;
        this.store.apply(message.key, {
          value: message.value,
          clock: message.clock,
          origin: message.origin,
        });
        this.applied.add(message.origin, writeSeq(message));
        // Only a delivery finds its write buffered: a replica never buffers its own writes.
        return this.unbuffer(message);
      }
      case "buffer":
        this.hold({ message: event.message, arrivedAt: event.time });
        return false;
      case "duplicate":
        return event.discarded === "buffered" && this.unbuffer(event.message);
      case "catch-up":
        this.applied.merge(event.applied);
        for (const [key, siblings] of Object.entries(event.adopted)) {
          for (const sibling of siblings) this.store.apply(key, sibling);
        }
        // Buffered writes the transfer covers leave by the duplicate and deliver events after it.
        return false;
      case "mode":
        // A switch to naive delivers the whole buffer: its deliver events follow this one.
        this.currentMode = event.mode;
        return false;
      default:
        return false;
    }
  }

  applyAll(events: readonly JournalEvent[]): this {
    for (const event of events) this.apply(event);
    return this;
  }

  siblings(key: string): readonly Sibling<ValueDigest | null>[] {
    return this.store.siblings(key);
  }

  storeSnapshot(): JournaledStore {
    return this.store.snapshot();
  }

  appliedWrites(): AppliedWritesSnapshot {
    return this.applied.snapshot();
  }

  /** Everything buffered, in arrival order, with what each waits for now. */
  bufferedWrites(): BufferedWriteView<JournaledWrite>[] {
    const delivered = this.applied.delivered;
    const views: BufferedWriteView<JournaledWrite>[] = [];
    for (const { message, arrivedAt } of this.arrivals) {
      views.push({ message, arrivedAt, waitingFor: missingDependencies(message, delivered) });
    }
    return views;
  }

  /** How many of `origin`'s writes are here without a gap, delivered or buffered. */
  heldCount(origin: ReplicaId): number {
    let count = clockEntry(this.applied.delivered, origin);
    const fromOrigin = this.held.get(origin);
    while (fromOrigin?.has(count + 1)) count++;
    return count;
  }

  state(): ReplayState {
    return {
      members: this.members,
      mode: this.currentMode,
      clock: this.currentClock,
      applied: this.appliedWrites(),
      store: this.storeSnapshot(),
      buffer: this.bufferedWrites(),
    };
  }

  private hold(entry: Held): void {
    const { message } = entry;
    let fromOrigin = this.held.get(message.origin);
    if (fromOrigin === undefined) {
      fromOrigin = new Map();
      this.held.set(message.origin, fromOrigin);
    }
    fromOrigin.set(writeSeq(message), entry);
    this.arrivals.add(entry);
  }

  /**
   * Takes `write` out of the buffer if it is there. Another write under the same number (from a
   * replica that lost writes in a crash and numbered new ones the same) has another clock: one with
   * this clock would wait for the same writes, so it could not be delivered while this one waits.
   * The replica keeps this one buffered until it finds the number applied, and journals a
   * `buffered` duplicate then.
   */
  private unbuffer(write: JournaledWrite): boolean {
    const fromOrigin = this.held.get(write.origin);
    const seq = writeSeq(write);
    const entry = fromOrigin?.get(seq);
    if (entry === undefined || compare(entry.message.clock, write.clock) !== "equal") return false;
    fromOrigin?.delete(seq);
    this.arrivals.delete(entry);
    return true;
  }
}

/** The state after `events`, from `start`. */
export function foldJournal(start: ReplayStart, events: readonly JournalEvent[]): ReplayState {
  return new JournalReplay(start).applyAll(events).state();
}
