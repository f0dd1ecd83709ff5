/**
 * The core's counters row is written once per commit, as of the last step recorded (StepRecorder),
 * so a step that fails inside a transaction shared with others must leave the counters of the
 * steps before it: memory reloads from that transaction, and the journal and the numbering of
 * writes go on without a gap or a reused seq, before and after a reopen.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StateTransferResponse } from "@causal-kv/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { ReplicaNode } from "../replicaNode.js";
import { ReplicaDatabase } from "./replicaDatabase.js";

const members = ["node1", "node2", "node3"];
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(dir: string): { node: ReplicaNode; db: ReplicaDatabase } {
  const db = ReplicaDatabase.open(dir, "NORMAL");
  return { node: new ReplicaNode(db, { id: "node3", members }), db };
}

/** A transfer that passes the epoch checks but that the core refuses inside the step. */
const malformed = {
  from: "node1",
  epoch: 0,
  clock: { node1: -1 },
  applied: {},
  store: {},
} as unknown as StateTransferResponse;

describe("the counters row and the outbox row, stored once per commit", () => {
  it("keeps the counters and own writes of the steps before one that fails in the same turn", async () => {
    const dir = mkdtempSync(join(tmpdir(), "causal-kv-counters-"));
    dirs.push(dir);
    let { node, db } = open(dir);
    await node.write("a", "0");
    // Three steps in one turn, so one transaction: two writes, then a step that throws inside.
    const before = [node.write("b", "1"), node.write("c", "2")];
    const failed = node.catchUp(malformed);
    await expect(failed).rejects.toThrow();
    await Promise.all(before);
    const after = await node.write("d", "3");
    expect(after.clock.node3).toBe(4);
    expect(node.delivered.node3).toBe(4);
    const seqs = db.eventsAfter(0, 100).map((row) => row.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    // The outbox row of b and c was held back for the commit; the failed step did not lose it.
    const unsent = ["a", "b", "c", "d"];
    expect(node.unsent("node1").map((write) => write.key)).toEqual(unsent);

    node.flush();
    db.close();
    ({ node, db } = open(dir));
    await node.start();
    expect(node.delivered.node3).toBe(4);
    expect(node.siblings("d")[0]?.value).toBe("3");
    expect(node.unsent("node1").map((write) => write.key)).toEqual(unsent);
    expect((await node.write("e", "4")).clock.node3).toBe(5);
    const reopened = db.eventsAfter(0, 100).map((row) => row.seq);
    expect(reopened).toEqual(Array.from({ length: reopened.length }, (_, i) => i + 1));
    node.flush();
    db.close();
  });
});

describe("the outbox, a row per commit", () => {
  it("keeps a commit's writes until every peer has all of them, and reopens with only what some peer lacks", async () => {
    const dir = mkdtempSync(join(tmpdir(), "causal-kv-outbox-"));
    dirs.push(dir);
    let { node, db } = open(dir);
    // One turn, one commit, one row: writes 1 to 3. Then write 4 in a commit of its own.
    await Promise.all([node.write("a", "1"), node.write("b", "2"), node.write("c", "3")]);
    await node.write("d", "4");
    expect(db.connection.prepare("SELECT seq FROM outbox ORDER BY seq").all()).toEqual([
      { seq: 3 },
      { seq: 4 },
    ]);
    node.acknowledge("node1", 2, 0);
    node.acknowledge("node2", 3, 0);
    // Stored with the next step: every peer has 1 and 2, but the row of 1 to 3 stays for node1.
    await node.write("e", "5");
    expect(db.connection.prepare("SELECT seq FROM outbox ORDER BY seq").all()).toEqual([
      { seq: 3 },
      { seq: 4 },
      { seq: 5 },
    ]);
    const keys = (peer: string) => node.unsent(peer).map((write) => write.key);
    expect([keys("node1"), keys("node2")]).toEqual([
      ["c", "d", "e"],
      ["d", "e"],
    ]);
    node.flush();
    db.close();
    ({ node, db } = open(dir));
    await node.start();
    expect([keys("node1"), keys("node2")]).toEqual([
      ["c", "d", "e"],
      ["d", "e"],
    ]);
    expect(node.status().unacknowledged).toEqual({ node1: 3, node2: 2 });
    node.acknowledge("node1", 5, 0);
    node.acknowledge("node2", 5, 0);
    await node.write("f", "6");
    expect(db.connection.prepare("SELECT seq FROM outbox ORDER BY seq").all()).toEqual([
      { seq: 6 },
    ]);
    node.flush();
    db.close();
  });
});
