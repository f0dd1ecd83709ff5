import {
  CausalReplica,
  foldJournal,
  type JournalEvent,
  journaledStore,
  journaledWrite,
  type ReplicatedWrite,
  writeId,
} from "@causal-kv/core";
import { type StatusResponse, statusResponseSchema } from "@causal-kv/protocol";
import { describe, expect, it } from "vitest";
import { emptyState, type ReplicaState, stateFromStatus } from "./replicaState";

const members = ["node1", "node2", "node3"];

/** The replica's own state, as the panels must show it. */
function reported(replica: CausalReplica): ReplicaState {
  return {
    members: replica.members,
    mode: replica.mode,
    clock: replica.clock,
    applied: replica.appliedWrites(),
    store: journaledStore(replica.storeSnapshot()),
    buffer: replica
      .bufferedWrites()
      .map((view) => ({ ...view, message: journaledWrite(view.message) })),
  };
}

/** `GET /status` of a core replica, through JSON and the protocol's schema as the browser gets it. */
function statusOf(replica: CausalReplica): StatusResponse {
  const status = {
    id: replica.id,
    epoch: 0,
    members: replica.members,
    mode: replica.mode,
    clock: replica.clock,
    applied: replica.appliedWrites(),
    store: replica.storeSnapshot(),
    buffer: replica.bufferedWrites().map((entry) => ({
      ...entry.message,
      arrivedAt: entry.arrivedAt,
      waitingFor: entry.waitingFor,
    })),
    links: {},
    unacknowledged: {},
  };
  return statusResponseSchema.parse(JSON.parse(JSON.stringify(status)));
}

/** node3 gets y (which saw x) before x: y waits for node1:1. */
function scene() {
  const [n1, n2, n3] = members.map((id) => new CausalReplica({ id, members }));
  if (!n1 || !n2 || !n3) throw new Error("setup");
  const x = n1.write("x", "1", 0).message;
  n2.receive(x, 1);
  const y = n2.write("y", "2", 2).message;
  const c = n2.write("x", "3", 3).message;
  return { n3, x, y, c };
}

describe("replica state folded from the journal", () => {
  it("matches the replica's own state after every step, mode switches included", () => {
    const { n3, x, y, c } = scene();
    const journal: JournalEvent[] = [];
    const check = () => expect(foldJournal(emptyState(members), journal)).toEqual(reported(n3));
    journal.push(...n3.receive(c, 4));
    check();
    journal.push(...n3.receive(y, 5));
    check();
    journal.push(...n3.setMode("naive", 6));
    check();
    journal.push(...n3.receive(x, 7), ...n3.setMode("causal", 8));
    check();
    expect(foldJournal(emptyState(members), journal).store.x).toHaveLength(1);
  });

  it("goes on from a snapshot's status exactly as the replica does", () => {
    const { n3, x, y, c } = scene();
    n3.receive(c, 4);
    const status = statusOf(n3);
    expect(stateFromStatus(status)).toEqual(reported(n3));
    const later = [...n3.receive(y, 5), ...n3.receive(x, 6)];
    expect(foldJournal(stateFromStatus(status), later)).toEqual(reported(n3));
  });

  it("drops a buffered write the replica discarded as stale, and keeps one only a copy of was", () => {
    const { n3, x, y } = scene();
    const journal = [...n3.receive(y, 4), ...n3.receive(y, 5)];
    expect(foldJournal(emptyState(members), journal).buffer.map((b) => writeId(b.message))).toEqual(
      ["node2:1"],
    );
    // node2 lost y in a crash and numbered another write the same: it is delivered, y stays, and
    // once x arrives node3 finds y's number applied and discards y.
    const reused: ReplicatedWrite = { origin: "node2", clock: { node2: 1 }, key: "y", value: "9" };
    journal.push(...n3.receive(reused, 6));
    expect(foldJournal(emptyState(members), journal).buffer).toHaveLength(1);
    journal.push(...n3.receive(x, 7));
    expect(journal.at(-1)).toMatchObject({ type: "duplicate", discarded: "buffered" });
    expect(foldJournal(emptyState(members), journal)).toEqual(reported(n3));
    expect(n3.bufferedWrites()).toEqual([]);
  });
});
