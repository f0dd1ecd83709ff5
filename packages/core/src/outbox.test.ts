import { describe, expect, it } from "vitest";
import { memberIds } from "./causalHistory.testkit.js";
import { CausalReplica } from "./causalReplica.js";
import { Outbox } from "./outbox.js";
import { type ReplicatedWrite, writeId } from "./replicatedWrite.js";

function node1Writes(n: number): ReplicatedWrite[] {
  const node1 = new CausalReplica({ id: "node1", members: memberIds(3) });
  return Array.from({ length: n }, (_, i) => node1.write("k", String(i), i).message);
}

function filled(n: number): Outbox {
  const outbox = new Outbox(["node2", "node3"]);
  for (const write of node1Writes(n)) outbox.add(write);
  return outbox;
}

const ids = (writes: readonly ReplicatedWrite[]) => writes.map(writeId);

describe("Outbox", () => {
  it("holds every write for every peer until acknowledged", () => {
    const outbox = filled(3);
    expect(ids(outbox.unacknowledged("node2"))).toEqual(["node1:1", "node1:2", "node1:3"]);
    expect(ids(outbox.unacknowledged("node3"))).toEqual(["node1:1", "node1:2", "node1:3"]);
    expect(outbox.size).toBe(3);
    expect(outbox.acknowledgedBy("node2")).toBe(0);
  });

  it("restored from a snapshot, keeps only what some peer lacks", () => {
    const outbox = new Outbox(["node2", "node3"], {
      pending: node1Writes(4),
      acknowledged: { node2: 3, node3: 2 },
    });
    expect(outbox.size).toBe(2);
    expect(outbox.acknowledgedByAll).toBe(2);
    expect(ids(outbox.unacknowledged("node2"))).toEqual(["node1:4"]);
    expect(ids(outbox.unacknowledged("node3"))).toEqual(["node1:3", "node1:4"]);
  });

  it("tracks each peer separately and prunes what every peer has", () => {
    const outbox = filled(3);
    expect(outbox.acknowledge("node2", 2)).toBe(true);
    expect(ids(outbox.unacknowledged("node2"))).toEqual(["node1:3"]);
    expect(ids(outbox.unacknowledged("node3"))).toEqual(["node1:1", "node1:2", "node1:3"]);
    expect(outbox.size).toBe(3);

    expect(outbox.acknowledge("node3", 1)).toBe(true);
    expect(outbox.size).toBe(2);
    expect(ids(outbox.unacknowledged("node3"))).toEqual(["node1:2", "node1:3"]);

    expect(outbox.acknowledge("node3", 3)).toBe(true);
    expect(outbox.size).toBe(1);
    expect(outbox.acknowledge("node2", 3)).toBe(true);
    expect(outbox.size).toBe(0);
    expect(outbox.unacknowledged("node2")).toEqual([]);
  });

  it("reports an acknowledgement that is no news, or from a stranger, as false", () => {
    const outbox = filled(3);
    outbox.acknowledge("node2", 2);
    expect(outbox.acknowledge("node2", 2)).toBe(false);
    expect(outbox.acknowledge("node2", 1)).toBe(false);
    expect(outbox.acknowledgedBy("node2")).toBe(2);
    expect(outbox.acknowledge("node9", 3)).toBe(false);
    expect(outbox.acknowledgedBy("node9")).toBe(0);
    expect(outbox.size).toBe(3);
  });

  it("keeps writes added after an acknowledgement", () => {
    const [w1, w2, w3] = node1Writes(3) as [ReplicatedWrite, ReplicatedWrite, ReplicatedWrite];
    const outbox = new Outbox(["node2"]);
    outbox.add(w1);
    outbox.acknowledge("node2", 1);
    outbox.add(w2);
    outbox.add(w3);
    expect(ids(outbox.unacknowledged("node2"))).toEqual(["node1:2", "node1:3"]);
  });

  it("comes back from its snapshot, also through JSON, and carries on the same", () => {
    const outbox = filled(4);
    outbox.acknowledge("node2", 3);
    outbox.acknowledge("node3", 1);
    const copy = new Outbox(outbox.peers, JSON.parse(JSON.stringify(outbox.snapshot())));
    expect(copy.snapshot()).toEqual(outbox.snapshot());
    expect(copy.unacknowledged("node3")).toEqual(outbox.unacknowledged("node3"));
    expect(copy.acknowledgedBy("node2")).toBe(3);
    copy.acknowledge("node3", 4);
    outbox.acknowledge("node3", 4);
    expect(copy.snapshot()).toEqual(outbox.snapshot());
    expect(ids(copy.unacknowledged("node2"))).toEqual(["node1:4"]);
  });
});
