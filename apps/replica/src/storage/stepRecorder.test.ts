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

describe("the counters row, stored once per commit", () => {
  it("keeps the counters of the steps before one that fails in the same turn", async () => {
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

    node.flush();
    db.close();
    ({ node, db } = open(dir));
    await node.start();
    expect(node.delivered.node3).toBe(4);
    expect(node.siblings("d")[0]?.value).toBe("3");
    expect((await node.write("e", "4")).clock.node3).toBe(5);
    const reopened = db.eventsAfter(0, 100).map((row) => row.seq);
    expect(reopened).toEqual(Array.from({ length: reopened.length }, (_, i) => i + 1));
    node.flush();
    db.close();
  });
});
