/**
 * One replica's state machine: a local write becomes a message for every peer; an arriving message
 * is delivered (with everything it releases from the buffer) or buffered, or discarded as a
 * duplicate. Pure and deterministic: time comes in as `now`, every step returns its journal events,
 * and a step that throws (bad input) has changed nothing. The steps themselves live in
 * deliverySteps.ts and catchUp.ts, over the state record of replicaState.ts.
 */
import { AppliedWrites, type AppliedWritesSnapshot } from "./appliedWrites.js";
import { type BufferedWriteView, bufferedWriteViews } from "./bufferedWriteView.js";
import { catchUpWith } from "./catchUp.js";
import { type BufferedWrite, CausalBuffer } from "./causalBuffer.js";
import { CoreError } from "./coreError.js";
import { deliver, receiveWrite, writeLocally } from "./deliverySteps.js";
import type { DeliveryMode, JournalEvent } from "./journalEvent.js";
import { normalizeMembers, type ReplicaId } from "./replicaId.js";
import { type ReplicaSnapshot, restoreBuffer } from "./replicaSnapshot.js";
import type { ReplicaState } from "./replicaState.js";
import type { ReplicatedWrite } from "./replicatedWrite.js";
import { type StateTransfer, stateTransferOf } from "./stateTransfer.js";
import { recordEvent } from "./stepEvents.js";
import { canonicalClock, clockEntry, type VectorClock, zeroClock } from "./vectorClock.js";
import { type Sibling, type StoreSnapshot, VersionedStore } from "./versionedStore.js";

/** What a CausalReplica starts from: who it is, its cluster, and its delivery rule. */
export interface CausalReplicaConfig {
  readonly id: ReplicaId;
  /** Every replica of the cluster, this one included. */
  readonly members: readonly ReplicaId[];
  readonly mode?: DeliveryMode;
}

export class CausalReplica {
  readonly id: ReplicaId;
  readonly members: readonly ReplicaId[];
  private readonly state: ReplicaState;

  constructor(config: CausalReplicaConfig, snapshot?: ReplicaSnapshot) {
    const members = normalizeMembers(config.members);
    const memberSet = new Set(members);
    const peers = members.filter((id) => id !== config.id);
    if (!memberSet.has(config.id)) {
      throw new CoreError("invalid-config", `replica ${config.id} is not among the members`);
    }
    this.id = config.id;
    this.members = members;
    const mode = snapshot?.mode ?? config.mode ?? "causal";
    const clock = snapshot ? canonicalClock(snapshot.clock) : zeroClock(members);
    const applied = new AppliedWrites(members, snapshot?.applied);
    this.state = {
      id: config.id,
      memberSet,
      peers,
      mode,
      clock,
      applied,
      store: new VersionedStore(snapshot?.store),
      buffer: new CausalBuffer(),
      staleScratch: [],
      nextEventSeq: snapshot?.nextEventSeq ?? 1,
    };
    restoreBuffer(this.state.buffer, snapshot?.buffer ?? [], applied.delivered);
  }

  /** Rebuilds a replica from what it saved; the snapshot must be its own. */
  static restore(snapshot: ReplicaSnapshot): CausalReplica {
    return new CausalReplica({ id: snapshot.id, members: snapshot.members }, snapshot);
  }

  get clock(): VectorClock {
    return this.state.clock;
  }

  get mode(): DeliveryMode {
    return this.state.mode;
  }

  /** Per replica, how many of its writes are applied here without a gap. */
  get delivered(): VectorClock {
    return { ...this.state.applied.delivered };
  }

  /** The writes applied here, as a snapshot has them. */
  appliedWrites(): AppliedWritesSnapshot {
    return this.state.applied.snapshot();
  }

  /**
   * How many of `origin`'s writes are here without a gap, delivered or buffered: what this replica
   * can acknowledge to `origin`, which then need not send them again.
   */
  heldCount(origin: ReplicaId): number {
    let count = clockEntry(this.state.applied.delivered, origin);
    while (this.state.buffer.holds(origin, count + 1)) count++;
    return count;
  }

  siblings(key: string): readonly Sibling[] {
    return this.state.store.siblings(key);
  }

  /** `origin`'s write number `seq`, whole, if it waits in the buffer (the journal has a digest). */
  bufferedWrite(origin: ReplicaId, seq: number): BufferedWrite | undefined {
    return this.state.buffer.heldWrite(origin, seq);
  }

  /** Whether `origin`'s write number `seq` is applied here (with or without a gap before it). */
  hasApplied(origin: ReplicaId, seq: number): boolean {
    return this.state.applied.has(origin, seq);
  }

  storeSnapshot(): StoreSnapshot {
    return this.state.store.snapshot();
  }

  bufferedWrites(): BufferedWriteView[] {
    return bufferedWriteViews(this.state.buffer, this.state.applied.delivered);
  }

  snapshot(): ReplicaSnapshot {
    const state = this.state;
    return {
      id: this.id,
      members: this.members,
      mode: state.mode,
      clock: state.clock,
      applied: state.applied.snapshot(),
      store: state.store.snapshot(),
      buffer: state.buffer.entries(),
      nextEventSeq: state.nextEventSeq,
    };
  }

  /** A client write: applied here, and returned as the message every peer must receive. */
  write(
    key: string,
    value: string | null,
    now: number,
  ): { message: ReplicatedWrite; events: JournalEvent[] } {
    return writeLocally(this.state, key, value, now);
  }

  /** A message from a peer. Throws a CoreError, changing nothing, if it is malformed. */
  receive(input: unknown, now: number): JournalEvent[] {
    return receiveWrite(this.state, input, now);
  }

  /** What a peer that fell behind merges to catch up (see stateTransfer.ts). */
  stateTransfer(): StateTransfer {
    const state = this.state;
    return stateTransferOf(state.clock, state.applied, state.store, state.buffer);
  }

  /**
   * Merges the state `from` transferred: its applied writes and store join this replica's, then
   * buffered writes the transfer covers are discarded and those it made deliverable are delivered.
   * Throws a CoreError, changing nothing, if the transfer is malformed.
   */
  catchUp(input: StateTransfer, from: ReplicaId, now: number): JournalEvent[] {
    return catchUpWith(this.state, input, from, now);
  }

  /** Switching to naive delivers everything buffered at once, as a broken system would. */
  setMode(mode: DeliveryMode, now: number): JournalEvent[] {
    if (mode !== "causal" && mode !== "naive") {
      throw new CoreError(
        "invalid-config",
        `delivery mode must be causal or naive, got ${String(mode)}`,
      );
    }
    const state = this.state;
    state.mode = mode;
    const events = [recordEvent(state, now, { type: "mode", mode })];
    if (mode === "naive") deliver(state, state.buffer.drain(), now, events);
    return events;
  }

  /** Journals that the replica came back from a crash (its state came from `restore`). */
  restarted(now: number): JournalEvent[] {
    const state = this.state;
    return [recordEvent(state, now, { type: "restart" })];
  }
}
