/**
 * Which seqs of a replica's journal a stream has handed its subscriber in the current epoch: every
 * seq up to `complete`, and one contiguous run beyond it (the latest snapshot's tail and the live
 * events after it). The seqs between the two are missing: the history before a first snapshot, or
 * what a disconnection or a lag skipped. A new epoch (a reset) starts the journal again from seq 1.
 */
import type { JournalEvent } from "@causal-kv/core";

/** Seqs `from` to `to` of the journal of `epoch`. */
export interface JournalGap {
  readonly epoch: number;
  readonly from: number;
  readonly to: number;
}

export class JournalCoverage {
  private epochSeen: number | undefined;
  private complete = 0;
  private run: { from: number; to: number } | undefined;

  get epoch(): number | undefined {
    return this.epochSeen;
  }

  /** A snapshot's tail; it replaces the run, since the events after it continue from its end. */
  snapshot(epoch: number, events: readonly JournalEvent[]): void {
    if (epoch !== this.epochSeen) {
      this.epochSeen = epoch;
      this.complete = 0;
      this.run = undefined;
    }
    const first = events[0]?.seq;
    const last = events[events.length - 1]?.seq;
    if (first === undefined || last === undefined) return;
    this.run = undefined;
    this.add(first, last);
  }

  /** A batch of live events, oldest first. */
  events(events: readonly JournalEvent[]): void {
    const first = events[0]?.seq;
    const last = events[events.length - 1]?.seq;
    if (first === undefined || last === undefined) return;
    this.add(first, last);
  }

  /** The seqs between the complete prefix and the run, if any are missing. */
  missing(): JournalGap | undefined {
    const { epochSeen: epoch, run } = this;
    if (epoch === undefined || !run || run.from <= this.complete + 1) return undefined;
    return { epoch, from: this.complete + 1, to: run.from - 1 };
  }

  /** The subscriber now has the gap's events too. */
  filled(gap: JournalGap): void {
    if (gap.epoch !== this.epochSeen || gap.from > this.complete + 1) return;
    this.complete = Math.max(this.complete, gap.to);
    const run = this.run;
    if (run && run.from <= this.complete + 1) {
      this.complete = Math.max(this.complete, run.to);
      this.run = undefined;
    }
  }

  private add(first: number, last: number): void {
    const run = this.run;
    if (first <= this.complete + 1) {
      this.complete = Math.max(this.complete, last);
      if (run && run.from <= this.complete + 1) {
        this.complete = Math.max(this.complete, run.to);
        this.run = undefined;
      }
    } else if (run && first >= run.from && first <= run.to + 1) {
      run.to = Math.max(run.to, last);
    } else {
      // A jump past the run (events skipped by a lag): the newest run is the one to keep, as the
      // snapshot asked for next continues it; the gap before it is fetched whole.
      this.run = { from: first, to: last };
    }
  }
}
