/**
 * Where `watch` has got to in each replica's journal (epoch and last seq shown), so the snapshot a
 * replica sends after a reconnect, a lag or a reset yields exactly the events not shown yet: none
 * twice, none missed. A reset starts a journal again from seq 1 in a new epoch.
 */
import type { JournalEvent } from "@causal-kv/core";
import type { StreamSnapshot } from "@causal-kv/protocol";

export class JournalCursors {
  private readonly shown = new Map<string, { epoch: number; seq: number }>();

  /** The snapshot's events not shown yet; on a first connection, its tail only if `history`. */
  unseen(id: string, snapshot: StreamSnapshot, history: boolean): JournalEvent[] {
    const last = this.shown.get(id);
    const { epoch } = snapshot.status;
    const sameEpoch = last !== undefined && last.epoch === epoch;
    const from = sameEpoch ? last.seq : 0;
    const unseen =
      last === undefined && !history ? [] : snapshot.events.filter((event) => event.seq > from);
    const end = snapshot.events.reduce((seq, event) => Math.max(seq, event.seq), from);
    this.shown.set(id, { epoch, seq: end });
    return unseen;
  }

  /** A live event, shown as it came. */
  saw(id: string, event: JournalEvent): void {
    const last = this.shown.get(id);
    if (last) last.seq = Math.max(last.seq, event.seq);
  }
}
