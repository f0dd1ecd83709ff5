import { describe, expect, it } from "vitest";
import { eventTypes } from "./causalHistory.testkit.js";
import { CausalReplica } from "./causalReplica.js";
import type { JournalEvent } from "./journalEvent.js";
import { journaledStore, journaledWrite } from "./journaledWrite.js";
import { foldJournal, JournalReplay } from "./journalReplay.js";
import type { ReplicatedWrite } from "./replicatedWrite.js";

const members = ["node1", "node2", "node3"];

/** node3 receives y (which saw x) before x: y waits in its buffer for node1:1. */
function waitingScene() {
  const node1 = new CausalReplica({ id: "node1", members });
  const node2 = new CausalReplica({ id: "node2", members });
  const node3 = new CausalReplica({ id: "node3", members });
  const x = node1.write("x", "1", 1).message;
  node2.receive(x, 2);
  const y = node2.write("y", "2", 3).message;
  const journal = [...node3.receive(y, 4)];
  return { node3, x, y, journal };
}

describe("JournalReplay", () => {
  it("keeps a write buffered with what it waits for, and takes it out when delivered", () => {
    const { node3, x, y, journal } = waitingScene();
    const replay = JournalReplay.fresh(members);
    expect(journal.map((event) => replay.apply(event))).toEqual([false, false]);
    expect(replay.bufferedWrites()).toEqual([
      { message: journaledWrite(y), arrivedAt: 4, waitingFor: ["node1:1"] },
    ]);
    expect(replay.heldCount("node2")).toBe(1);
    expect(replay.heldCount("node1")).toBe(0);

    const copy = node3.receive(y, 5);
    expect(copy[1]).toMatchObject({ type: "duplicate", discarded: "incoming" });
    expect(node3.heldCount("node2")).toBe(1);
    expect(copy.map((event) => replay.apply(event))).toEqual([false, false]);
    expect(replay.bufferedWrites()).toHaveLength(1);

    const arrival = node3.receive(x, 6);
    expect(eventTypes(arrival)).toEqual(["receive", "deliver", "deliver"]);
    expect(arrival.map((event) => replay.apply(event))).toEqual([false, false, true]);
    expect(replay.bufferedWrites()).toEqual([]);
    expect(replay.clock).toEqual(node3.clock);
    expect(replay.delivered).toEqual({ node1: 1, node2: 1, node3: 0 });
    expect(replay.siblings("y")).toEqual(journaledStore({ y: node3.siblings("y") }).y);
  });

  it("after a switch to naive, empties the buffer through the deliveries that follow", () => {
    const { node3, journal } = waitingScene();
    const replay = JournalReplay.fresh(members).applyAll(journal);
    const events = node3.setMode("naive", 5);
    expect(eventTypes(events)).toEqual(["mode", "deliver"]);
    replay.apply(events[0] as JournalEvent);
    expect(replay.mode).toBe("naive");
    expect(replay.bufferedWrites()).toHaveLength(1);
    replay.apply(events[1] as JournalEvent);
    expect(replay.bufferedWrites()).toEqual([]);
    expect(replay.state()).toEqual(
      foldJournal(JournalReplay.fresh(members).state(), [...journal, ...events]),
    );
  });

  it("drops a buffered write only when the replica discards that copy, not an incoming one", () => {
    const { node3, y, journal } = waitingScene();
    // node2 lost y in a crash and numbered another write node2:1: it saw nothing, so it is
    // delivered at once, while y stays buffered until node3 finds its number applied.
    const reused: ReplicatedWrite = { origin: "node2", clock: { node2: 1 }, key: "y", value: "9" };
    const replay = JournalReplay.fresh(members).applyAll(journal);
    const delivered = node3.receive(reused, 5);
    expect(eventTypes(delivered)).toEqual(["receive", "deliver"]);
    expect(delivered.map((event) => replay.apply(event))).toEqual([false, false]);
    expect(replay.bufferedWrites().map((entry) => entry.message)).toEqual([journaledWrite(y)]);
    expect(replay.heldCount("node2")).toBe(1);

    const x = { origin: "node1", clock: { node1: 1 }, key: "x", value: "1" };
    const released = node3.receive(x, 6);
    expect(released.at(-1)).toMatchObject({
      type: "duplicate",
      discarded: "buffered",
      message: journaledWrite(y),
    });
    expect(released.map((event) => replay.apply(event))).toEqual([false, false, true]);
    expect(replay.bufferedWrites()).toEqual([]);
    expect(replay.state()).toEqual({
      members,
      mode: "causal",
      clock: node3.clock,
      applied: node3.appliedWrites(),
      store: journaledStore(node3.storeSnapshot()),
      buffer: [],
    });
  });

  it("folds from a state without changing it, and works out again what each write waits for", () => {
    const { node3, y, journal } = waitingScene();
    const start = JournalReplay.fresh(members).applyAll(journal).state();
    const stale = { ...start, buffer: start.buffer.map((entry) => ({ ...entry, waitingFor: [] })) };
    expect(new JournalReplay(stale).state()).toEqual(start);
    const later = node3.write("z", null, 5).events;
    const folded = foldJournal(start, later);
    expect(start.store).toEqual({});
    expect(folded.store.z).toEqual(journaledStore({ z: node3.siblings("z") }).z);
    expect(folded.buffer.map((entry) => entry.message)).toEqual([journaledWrite(y)]);
    expect(folded.clock).toEqual({ node1: 0, node2: 0, node3: 1 });
  });

  it("starts fresh in the mode given, and restores from a replica's snapshot", () => {
    expect(JournalReplay.fresh(members).mode).toBe("causal");
    const naive = JournalReplay.fresh(["node2", "node1"], "naive");
    expect(naive.state()).toEqual({
      members: ["node1", "node2"],
      mode: "naive",
      clock: { node1: 0, node2: 0 },
      applied: { node1: { prefix: 0, beyond: [] }, node2: { prefix: 0, beyond: [] } },
      store: {},
      buffer: [],
    });
    const { node3 } = waitingScene();
    const restored = JournalReplay.restore(node3.snapshot());
    expect(restored.bufferedWrites()).toEqual(
      node3.bufferedWrites().map((view) => ({ ...view, message: journaledWrite(view.message) })),
    );
    expect(restored.storeSnapshot()).toEqual(journaledStore(node3.storeSnapshot()));
    expect(restored.appliedWrites()).toEqual(node3.appliedWrites());
    expect(restored.members).toEqual(members);
  });

  it("follows the clock of every event, restarts included", () => {
    const { node3, journal } = waitingScene();
    const replay = JournalReplay.fresh(members).applyAll(journal);
    const restart = node3.restarted(9);
    expect(replay.apply(restart[0] as JournalEvent)).toBe(false);
    expect(replay.clock).toBe(restart[0]?.clock);
  });
});
