/**
 * The checker fed one event at a time (each replica's journal in order, the replicas interleaved in
 * any way), with checkTrace's verdict on what it was fed. It keeps only what later events can still
 * refer to: each replica's fold, which writes it applied (as ranges), the writes some replica may
 * still lack, and the sends not yet applied where they went; the events themselves are let go.
 */
import {
  type AppliedWritesSnapshot,
  appliedWrite,
  type JournalEvent,
  JournalReplay,
  journaledStore,
  type ReplayState,
  type ReplicaId,
  type StoreSnapshot,
  type WriteId,
  writeId,
  writeSeq,
} from "@causal-kv/core";
import { AppliedSeqs } from "./appliedSeqs.js";
import { causalOrderViolation, missingPast } from "./checkCausalOrder.js";
import { divergence } from "./checkConvergence.js";
import { lostWrite } from "./checkDelivery.js";
import { describeWrite } from "./describeWrite.js";
import type { Violation } from "./violation.js";

export interface IncrementalVerdictOptions {
  /** True when the run has ended and every message had time to arrive. */
  readonly quiescent: boolean;
  /** Each replica's store as it reported it at the end; when absent, the fold's. */
  readonly stores?: Readonly<Record<ReplicaId, StoreSnapshot>>;
}

interface Lane {
  /** Folded over every event but a second application, as checkCausalOrder folds. */
  readonly causal: JournalReplay;
  /** Folded over every event, as checkDelivery and checkConvergence fold. */
  readonly full: JournalReplay;
  /** The writes a `write` or `deliver` event applied here (a second one is `applied-twice`). */
  readonly applied: AppliedSeqs;
  last: JournalEvent | undefined;
}

interface OwedSend {
  readonly origin: ReplicaId;
  readonly seq: number;
  readonly peer: ReplicaId;
}

/** A causal-order violation found before its cause's `write` event was fed. */
interface Unresolved {
  readonly at: number;
  readonly cause: WriteId;
}

/** Forgotten writes are swept once this many events have been fed since the last sweep. */
const sweepEvery = 4096;

export class IncrementalChecker {
  readonly replicas: readonly ReplicaId[];
  private readonly lanes = new Map<ReplicaId, Lane>();
  /** Each write's `write` event at its origin, while some replica may still need it. */
  private writes = new Map<WriteId, JournalEvent>();
  private causalViolations: Violation[] = [];
  private unresolved: Unresolved[] = [];
  private owed: OwedSend[] = [];
  private sinceSweep = 0;
  private fed = 0;

  constructor(replicas: readonly ReplicaId[]) {
    this.replicas = [...replicas];
    for (const replica of replicas)
      this.lanes.set(replica, {
        causal: JournalReplay.fresh(replicas),
        full: JournalReplay.fresh(replicas),
        applied: new AppliedSeqs(),
        last: undefined,
      });
  }

  /** How many events it has been fed. */
  get events(): number {
    return this.fed;
  }

  /** Feeds `replica`'s next journal events, oldest first. */
  feed(replica: ReplicaId, events: Iterable<JournalEvent>): this {
    const lane = this.lanes.get(replica);
    if (!lane) throw new Error(`${replica} is not one of this trace's replicas`);
    for (const event of events) this.feedOne(replica, lane, event);
    if (this.sinceSweep >= sweepEvery) this.sweep();
    return this;
  }

  /** Every violation in what it was fed, in checkTrace's order. */
  violations(options: IncrementalVerdictOptions): Violation[] {
    const order = new Map(this.replicas.map((replica, i) => [replica, i]));
    const violations = [...this.causalViolations].sort(
      (a, b) =>
        (order.get(a.replica) ?? 0) - (order.get(b.replica) ?? 0) ||
        (a.events[0]?.seq ?? 0) - (b.events[0]?.seq ?? 0),
    );
    if (!options.quiescent) return violations;
    const writes = [...this.writes.entries()].sort(
      ([, a], [, b]) => (order.get(a.replica) ?? 0) - (order.get(b.replica) ?? 0) || a.seq - b.seq,
    );
    for (const replica of this.replicas) {
      const applied = this.lane(replica).full.appliedWrites();
      for (const [id, event] of writes) {
        if (
          event.type !== "write" ||
          hasApplied(applied, event.message.origin, writeSeq(event.message))
        )
          continue;
        violations.push(lostWrite(replica, id, event));
      }
    }
    const [reference, ...others] = this.replicas;
    if (reference === undefined) return violations;
    const storeOf = (replica: ReplicaId) => {
      const reported = options.stores?.[replica];
      return reported ? journaledStore(reported) : this.lane(replica).full.storeSnapshot();
    };
    const expected = storeOf(reference);
    for (const replica of others) {
      const found = divergence(
        replica,
        reference,
        expected,
        storeOf(replica),
        this.lane(replica).last,
      );
      if (found) violations.push(found);
    }
    return violations;
  }

  /** How many (write, destination) pairs are sent but not yet applied at their destination. */
  inFlight(): number {
    let owed = 0;
    for (const send of this.owed)
      if (!this.lane(send.peer).applied.has(send.origin, send.seq)) owed++;
    return owed;
  }

  /** What it holds on to besides each replica's fold: for tests that it stays bounded. */
  get retained(): { writes: number; sends: number } {
    return { writes: this.writes.size, sends: this.owed.length };
  }

  /** `replica`'s journal folded over every event it was fed: its state after the last of them. */
  foldOf(replica: ReplicaId): ReplayState {
    return this.lane(replica).full.state();
  }

  /** A copy that can be fed on without changing this one. */
  clone(): IncrementalChecker {
    const copy = new IncrementalChecker(this.replicas);
    for (const [replica, lane] of this.lanes)
      copy.lanes.set(replica, {
        causal: new JournalReplay(lane.causal.state()),
        full: new JournalReplay(lane.full.state()),
        applied: lane.applied.clone(),
        last: lane.last,
      });
    copy.writes = new Map(this.writes);
    copy.causalViolations = [...this.causalViolations];
    copy.unresolved = [...this.unresolved];
    copy.owed = [...this.owed];
    copy.sinceSweep = this.sinceSweep;
    copy.fed = this.fed;
    return copy;
  }

  private feedOne(replica: ReplicaId, lane: Lane, event: JournalEvent): void {
    this.fed++;
    this.sinceSweep++;
    lane.last = event;
    lane.full.apply(event);
    if (event.type === "write") {
      const id = writeId(event.message);
      this.writes.set(id, event);
      this.resolve(id, event);
    }
    if (event.type === "send")
      for (const peer of event.to)
        if (this.lanes.has(peer))
          this.owed.push({ origin: event.message.origin, seq: writeSeq(event.message), peer });
    const write = appliedWrite(event);
    if (!write) {
      lane.causal.apply(event);
      return;
    }
    const seq = writeSeq(write);
    if (!lane.applied.add(write.origin, seq)) {
      // The first application has scrolled out of memory: checkTrace names it second, after this.
      this.causalViolations.push({
        kind: "applied-twice",
        replica,
        write: writeId(write),
        events: [event],
        message: `${replica} applied ${describeWrite(write)} twice`,
      });
      return;
    }
    const first = missingPast(write.origin, write.clock, lane.causal.delivered)[0];
    if (first) {
      const cause = this.writes.get(first);
      if (!cause) this.unresolved.push({ at: this.causalViolations.length, cause: first });
      this.causalViolations.push(causalOrderViolation(replica, event, write, first, cause));
    }
    lane.causal.apply(event);
  }

  /** Violations that named a cause by id only get its event, now that it came. */
  private resolve(id: WriteId, cause: JournalEvent): void {
    if (this.unresolved.length === 0) return;
    this.unresolved = this.unresolved.filter(({ at, cause: wanted }) => {
      if (wanted !== id) return true;
      const found = this.causalViolations[at];
      const event = found?.events[0];
      const write = event && appliedWrite(event);
      if (found && event && write)
        this.causalViolations[at] = causalOrderViolation(found.replica, event, write, id, cause);
      return false;
    });
  }

  /**
   * Lets go of writes no later event can refer to: applied everywhere (none can be lost) and in
   * every replica's gap-free prefix (none can be a missing cause); and of sends applied where
   * they went.
   */
  private sweep(): void {
    this.sinceSweep = 0;
    const lanes = this.replicas.map((replica) => {
      const lane = this.lane(replica);
      return { applied: lane.full.appliedWrites(), delivered: lane.causal.delivered };
    });
    for (const [id, event] of this.writes) {
      if (event.type !== "write") continue;
      const { origin } = event.message;
      const seq = writeSeq(event.message);
      const needed = lanes.some(
        ({ applied, delivered }) =>
          !hasApplied(applied, origin, seq) || (delivered[origin] ?? 0) < seq,
      );
      if (!needed) this.writes.delete(id);
    }
    this.owed = this.owed.filter(
      (send) => !this.lane(send.peer).applied.has(send.origin, send.seq),
    );
  }

  private lane(replica: ReplicaId): Lane {
    const lane = this.lanes.get(replica);
    if (!lane) throw new Error(`${replica} is not one of this trace's replicas`);
    return lane;
  }
}

function hasApplied(applied: AppliedWritesSnapshot, origin: ReplicaId, seq: number): boolean {
  const counted = applied[origin];
  return counted !== undefined && (seq <= counted.prefix || counted.beyond.includes(seq));
}
