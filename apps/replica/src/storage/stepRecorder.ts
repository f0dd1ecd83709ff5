/**
 * Persists one core step from its journal events, touching only what the step changed: the events
 * themselves, the store rows of the keys written or delivered, buffer rows added or released, the
 * outbox row of a local write, and the core's counters. It also mirrors which writes wait in the
 * core's buffer, which the acknowledgements of `/replicate` need.
 */
import {
  type CausalReplica,
  type JournalEvent,
  type ReplicaSnapshot,
  type WriteId,
  writeId,
  writeSeq,
} from "@causal-kv/core";
import type { ReplicaDatabase } from "./replicaDatabase.js";
import type { CoreCounters } from "./storedState.js";

export class StepRecorder {
  /** Ids of the writes waiting in the core's buffer. */
  readonly buffered = new Set<WriteId>();
  private appliedHasGaps: boolean;

  constructor(
    private readonly db: ReplicaDatabase,
    restored?: Pick<ReplicaSnapshot, "applied" | "buffer">,
  ) {
    for (const entry of restored?.buffer ?? []) this.buffered.add(writeId(entry.write));
    this.appliedHasGaps = Object.values(restored?.applied ?? {}).some((a) => a.beyond.length > 0);
  }

  record(replica: CausalReplica, events: readonly JournalEvent[]): void {
    if (events.length === 0) return;
    const touchedKeys = new Set<string>();
    let previous: JournalEvent | undefined;
    for (const event of events) {
      this.db.addEvent(event.seq, JSON.stringify(event));
      switch (event.type) {
        case "write":
          touchedKeys.add(event.message.key);
          this.db.addOutbox(writeSeq(event.message), event.message);
          this.db.addApplied(writeId(event.message), event.seq);
          break;
        case "deliver": {
          const id = writeId(event.message);
          touchedKeys.add(event.message.key);
          this.unbuffer(id);
          this.db.addApplied(id, event.seq);
          break;
        }
        case "buffer": {
          const id = writeId(event.message);
          this.buffered.add(id);
          this.db.addBuffered(id, { write: event.message, arrivedAt: event.time });
          break;
        }
        case "duplicate": {
          // Right after its own `receive`, a duplicate is an incoming copy (a buffered original
          // stays buffered); anywhere else it is a buffered write found already applied.
          const id = writeId(event.message);
          const incoming = previous?.type === "receive" && writeId(previous.message) === id;
          if (!incoming) this.unbuffer(id);
          break;
        }
        default:
          break;
      }
      previous = event;
    }
    for (const key of touchedKeys) this.db.putSiblings(key, replica.siblings(key));
    this.db.putCore(this.counters(replica, events[events.length - 1]?.seq ?? 0));
  }

  /** After a reset: nothing is buffered and nothing has gaps. */
  clear(): void {
    this.buffered.clear();
    this.appliedHasGaps = false;
  }

  /** The counters after a step whose last event had seq `lastSeq` (0 for a fresh replica). */
  counters(replica: CausalReplica, lastSeq: number): CoreCounters {
    return {
      mode: replica.mode,
      clock: replica.clock,
      applied: this.applied(replica),
      nextEventSeq: lastSeq + 1,
    };
  }

  /**
   * The core's applied-writes record. Under causal delivery it has no gaps, so the delivered vector
   * is all of it; only naive delivery (or gaps left by it) needs the full snapshot, which also
   * copies and sorts the whole store.
   */
  private applied(replica: CausalReplica): ReplicaSnapshot["applied"] {
    if (replica.mode === "causal" && !this.appliedHasGaps) {
      const applied: Record<string, { prefix: number; beyond: number[] }> = {};
      for (const [id, prefix] of Object.entries(replica.delivered)) {
        applied[id] = { prefix, beyond: [] };
      }
      return applied;
    }
    const applied = replica.snapshot().applied;
    this.appliedHasGaps = Object.values(applied).some((entry) => entry.beyond.length > 0);
    return applied;
  }

  private unbuffer(id: WriteId): void {
    if (this.buffered.delete(id)) this.db.removeBuffered(id);
  }
}
