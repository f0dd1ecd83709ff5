/**
 * Persists one core step from its journal events, touching only what the step changed: the events
 * themselves (one row for the step), the store rows of the keys written or delivered, buffer rows
 * added or taken out, a local write's place in the outbox, and the core's counters; the database
 * is told which event applied which write (an arriving copy is compared with it). Which rows
 * change comes from the journal, folded by the core's JournalReplay; their contents come from the
 * replica that took the step, since events name values by digest only. Writes a catch-up brought
 * have no event of their own, so nothing names them: an arriving copy of one is discarded as a
 * duplicate without being compared. The counters row is rewritten whole at every step, so it is
 * stored once per commit (storeDeferred), as of the last step recorded: the steps of a turn share
 * one transaction, and only the last row counts. The turn's local writes are held back to then
 * too, and stored as one outbox row: a write stays in the outbox only until every peer has it
 * (tens of milliseconds), and a row per commit instead of per write took the writer's in-process
 * cost per write to 0.84-0.96 of before.
 */
import {
  type CausalReplica,
  type JournalEvent,
  type JournalReplay,
  type ReplicatedWrite,
  writeId,
  writeSeq,
} from "@causal-kv/core";
import type { CoreCounters, ReplicaDatabase } from "./replicaDatabase.js";

/** What the recorder holds back for the commit, as of some moment. */
export interface Unstored {
  readonly counters: CoreCounters | undefined;
  readonly outboxWrites: number;
}

export class StepRecorder {
  /** The counters after the last step recorded, while the database has older ones. */
  private unstoredCounters: CoreCounters | undefined;
  /** Local writes recorded since the last commit, in order, whose outbox row is not stored. */
  private unstoredOutbox: ReplicatedWrite[] = [];

  constructor(
    private readonly db: ReplicaDatabase,
    /** The replica's state as of the last event recorded (or as restored, or fresh). */
    private readonly replay: JournalReplay,
    /** The replica whose steps are recorded: it holds the values the events name by digest. */
    private readonly replica: CausalReplica,
  ) {}

  /** Records a step's events, right after the step; `written` is the local write it made, if any. */
  record(events: readonly JournalEvent[], written?: ReplicatedWrite): void {
    const first = events[0];
    if (first === undefined) return;
    const touchedKeys = new Set<string>();
    const texts: string[] = [];
    const appliedWrites: [string, number][] = [];
    for (const event of events) {
      const applied =
        event.type === "write" || event.type === "deliver" ? writeId(event.message) : undefined;
      texts.push(JSON.stringify(event));
      if (applied !== undefined) appliedWrites.push([applied, event.seq]);
      const unbuffered = this.replay.apply(event);
      switch (event.type) {
        case "write":
          touchedKeys.add(event.message.key);
          if (written === undefined || writeId(written) !== applied) {
            throw new Error(`the local write ${applied} was not handed over`);
          }
          this.unstoredOutbox.push(written);
          break;
        case "deliver":
          touchedKeys.add(event.message.key);
          if (unbuffered) this.db.removeBuffered(writeId(event.message));
          break;
        case "buffer": {
          const { origin } = event.message;
          const held = this.replica.bufferedWrite(origin, writeSeq(event.message));
          // Still held after the step: a write buffered and delivered in one step has no row.
          if (held !== undefined) this.db.addBuffered(writeId(event.message), held);
          break;
        }
        case "duplicate":
          if (unbuffered) this.db.removeBuffered(writeId(event.message));
          break;
        case "catch-up":
          for (const key of Object.keys(event.adopted)) touchedKeys.add(key);
          break;
        default:
          break;
      }
    }
    // One row for the step's events (journalRows.ts).
    this.db.addEvents(first.seq, texts, appliedWrites);
    for (const key of touchedKeys) this.db.putSiblings(key, this.replica.siblings(key));
    // Taken now, not when stored: a later step that fails halfway may leave the replay past it.
    this.unstoredCounters = this.counters(events[events.length - 1]?.seq ?? 0);
  }

  /** What the database lacks: taken before a step, to go back to if it fails. */
  get unstored(): Unstored {
    return { counters: this.unstoredCounters, outboxWrites: this.unstoredOutbox.length };
  }

  /** After a failed step, whose rows were rolled back: forget what it recorded. */
  backTo(unstored: Unstored): void {
    this.unstoredCounters = unstored.counters;
    this.unstoredOutbox.length = unstored.outboxWrites;
  }

  /**
   * Writes what was held back for the commit: the counters of the last step recorded, and one
   * outbox row for the local writes since the last commit. Before every commit, and before memory
   * is reloaded from the open transaction.
   */
  storeDeferred(): void {
    if (this.unstoredOutbox.length > 0) {
      this.db.addOutbox(this.unstoredOutbox);
      this.unstoredOutbox = [];
    }
    if (this.unstoredCounters === undefined) return;
    this.db.putCore(this.unstoredCounters);
    this.unstoredCounters = undefined;
  }

  /** The counters after the event with seq `lastSeq` (0 for a fresh replica). */
  counters(lastSeq: number): CoreCounters {
    return {
      mode: this.replay.mode,
      clock: this.replay.clock,
      applied: this.replay.appliedWrites(),
      nextEventSeq: lastSeq + 1,
    };
  }
}
