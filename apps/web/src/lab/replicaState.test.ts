import { CausalReplica, type JournalEvent } from "@causal-kv/core";
import { describe, expect, it } from "vitest";
import { emptyState, foldJournal } from "./replicaState";

const members = ["node1", "node2", "node3"];

describe("replica state folded from the journal", () => {
  it("matches the replica's own clock, store and buffer after every step", () => {
    const [n1, n2, n3] = members.map((id) => new CausalReplica({ id, members }));
    if (!n1 || !n2 || !n3) throw new Error("setup");
    const x = n1.write("x", "1", 0);
    n2.receive(x.message, 1);
    const y = n2.write("y", "2", 2);
    const c = n2.write("x", "3", 3);
    const journal: JournalEvent[] = [];
    const check = () => {
      const state = foldJournal(emptyState(members), journal);
      expect(state.clock).toEqual(n3.clock);
      expect(state.store).toEqual(n3.storeSnapshot());
      expect(state.buffer.map((b) => ({ origin: b.origin, waitingFor: b.waitingFor }))).toEqual(
        n3.bufferedWrites().map((b) => ({ origin: b.message.origin, waitingFor: b.waitingFor })),
      );
    };
    journal.push(...n3.receive(c.message, 4));
    check();
    journal.push(...n3.receive(y.message, 5));
    check();
    journal.push(...n3.receive(x.message, 6));
    check();
    expect(foldJournal(emptyState(members), journal).store.x).toHaveLength(1);
    journal.push(...n3.setMode("naive", 7));
    expect(foldJournal(emptyState(members), journal).mode).toBe("naive");
  });
});
