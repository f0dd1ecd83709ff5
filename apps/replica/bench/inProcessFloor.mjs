// What one write costs the replica's own logic with no HTTP, no replication transport and no disk
// sync: ReplicaNode.write at the writer and ReplicaNode.receive at one peer, in this process, on
// real SQLite files (synchronous NORMAL), in groups of `groupSize` writes per commit as under load.
// A floor: a served, replicated, synced write costs at least this plus the HTTP around it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ReplicaNode } from "../dist/replicaNode.js";
import { ReplicaDatabase } from "../dist/storage/replicaDatabase.js";

const members = ["node1", "node2", "node3"];

function cpuUs() {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** CPU µs per write at the writer and at one peer, over `writes` writes after a warm-up. */
export async function inProcessFloor({ writes = 20_000, groupSize = 20 } = {}) {
  const root = mkdtempSync(join(tmpdir(), "causal-kv-floor-"));
  const writer = new ReplicaNode(ReplicaDatabase.open(join(root, "node1"), "NORMAL"), {
    id: "node1",
    members,
  });
  const peer = new ReplicaNode(ReplicaDatabase.open(join(root, "node2"), "NORMAL"), {
    id: "node2",
    members,
  });
  const value = "x".repeat(100);
  let n = 0;
  const round = async (count) => {
    let writerUs = 0;
    let peerUs = 0;
    for (let done = 0; done < count; done += groupSize) {
      let started = cpuUs();
      const messages = await Promise.all(
        Array.from({ length: groupSize }, () => writer.write(`k${n++ % 1000}`, value)),
      );
      writerUs += cpuUs() - started;
      started = cpuUs();
      await peer.receive({ epoch: 0, from: "node1", messages });
      peerUs += cpuUs() - started;
    }
    return { writerUs: writerUs / count, peerUs: peerUs / count };
  };
  try {
    await round(writes / 4);
    return await round(writes);
  } finally {
    writer.flush();
    peer.flush();
    rmSync(root, { recursive: true, force: true });
  }
}
