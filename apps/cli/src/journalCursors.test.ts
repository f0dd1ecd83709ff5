import type { JournalEvent } from "@causal-kv/core";
import type { StreamSnapshot } from "@causal-kv/protocol";
import { describe, expect, it } from "vitest";
import { JournalCursors } from "./journalCursors.js";

const clock = { node1: 0 };

function event(seq: number): JournalEvent {
  return { type: "restart", seq, time: seq, replica: "node1", clock };
}

function snapshot(epoch: number, seqs: number[]): StreamSnapshot {
  return {
    status: {
      id: "node1",
      epoch,
      members: ["node1"],
      mode: "causal",
      clock,
      applied: { node1: { prefix: 0, beyond: [] } },
      store: {},
      buffer: [],
      links: {},
      unacknowledged: {},
    },
    held: [],
    events: seqs.map((seq) => ({ type: "restart", seq, time: seq, replica: "node1", clock: {} })),
  };
}

const seqs = (events: JournalEvent[]) => events.map((e) => e.seq);

describe("JournalCursors", () => {
  it("shows nothing of a first snapshot unless history is asked for", () => {
    expect(new JournalCursors().unseen("node1", snapshot(1, [1, 2, 3]), false)).toEqual([]);
    expect(seqs(new JournalCursors().unseen("node1", snapshot(1, [1, 2, 3]), true))).toEqual([
      1, 2, 3,
    ]);
  });

  it("after a reconnect, shows only the events past the last one shown", () => {
    const cursors = new JournalCursors();
    cursors.unseen("node1", snapshot(1, [1, 2]), false);
    cursors.saw("node1", event(3));
    cursors.saw("node1", event(4));
    expect(seqs(cursors.unseen("node1", snapshot(1, [2, 3, 4, 5, 6]), false))).toEqual([5, 6]);
    expect(seqs(cursors.unseen("node1", snapshot(1, [5, 6]), false))).toEqual([]);
  });

  it("after a reset (a new epoch), shows the new journal from its start", () => {
    const cursors = new JournalCursors();
    cursors.unseen("node1", snapshot(1, [1, 2, 3, 4, 5]), false);
    expect(seqs(cursors.unseen("node1", snapshot(2, [1, 2]), false))).toEqual([1, 2]);
    cursors.saw("node1", event(3));
    expect(seqs(cursors.unseen("node1", snapshot(2, [1, 2, 3, 4]), false))).toEqual([4]);
  });

  it("keeps one cursor per replica", () => {
    const cursors = new JournalCursors();
    cursors.unseen("node1", snapshot(1, [1, 2, 3]), false);
    expect(seqs(cursors.unseen("node2", snapshot(1, [1, 2, 3]), false))).toEqual([]);
    expect(seqs(cursors.unseen("node1", snapshot(1, [1, 2, 3, 4]), false))).toEqual([4]);
  });
});
