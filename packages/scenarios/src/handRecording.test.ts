// "Save as scenario", end to end: a run done by hand against real replicas, saved as a scenario
// file, read back and replayed, leaves every replica's journal with the same shape.
import type { Trace } from "@causal-kv/checker";
import { ReplicaClient } from "@causal-kv/client";
import { type RealReplicas, startReplicas } from "@causal-kv/client/testkit";
import { formatWriteId, type JournalEvent } from "@causal-kv/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Cluster, clusterOf, resetCluster } from "./cluster.js";
import { collect } from "./collect.js";
import { type HandAction, scenarioFromHandActions } from "./handRecording.js";
import { runScenario } from "./runScenario.js";
import { scenarioFromFile } from "./scenarioFromFile.js";
import { settle } from "./settle.js";
import { waitUntil } from "./waitUntil.js";

let replicas: RealReplicas;
let cluster: Cluster;

beforeAll(async () => {
  replicas = await startReplicas(3);
  cluster = clusterOf(
    Object.fromEntries(replicas.ids.map((id) => [id, new ReplicaClient(replicas.url(id))])),
  );
});
afterAll(() => replicas?.stop());

/** Each replica's journal as event kinds and the writes they concern, without times. */
function shapeOf(trace: Trace): Record<string, string[]> {
  const line = (event: JournalEvent) => {
    const message = "message" in event ? event.message : undefined;
    const to = "to" in event ? ` → ${String(event.to)}` : "";
    const write = message
      ? ` ${formatWriteId(message.origin, message.clock[message.origin] ?? 0)}`
      : "";
    return `${event.type}${write}${to}`;
  };
  return Object.fromEntries(
    trace.replicas.map((id) => [
      id,
      (trace.journals[id] ?? []).filter((e) => e.type !== "mode").map(line),
    ]),
  );
}

describe("save as scenario", () => {
  test("a run by hand, saved, loaded and replayed, journals the same shape", async () => {
    await resetCluster(cluster);
    const actions: HandAction[] = [];
    const node = (id: string) => cluster.client(id);

    await node("node1").setLink("node3", { hold: true });
    actions.push({ kind: "link", from: "node1", to: "node3", set: { hold: true } });
    const x = await node("node1").put("x", "1");
    actions.push({ kind: "put", at: "node1", key: "x", value: "1", written: x });
    await waitUntil(
      "node2 applying x",
      async () => ((await node("node2").status()).clock.node1 ?? 0) >= 1,
    );
    const y = await node("node2").put("y", "2");
    actions.push({ kind: "put", at: "node2", key: "y", value: "2", written: y });
    await waitUntil(
      "node3 buffering y",
      async () => (await node("node3").status()).buffer.length === 1,
    );
    const [held] = (await node("node1").held()).held.filter((h) => h.to === "node3");
    if (!held) throw new Error("x is not held on node1 → node3");
    await node("node1").releaseHeld(held.id);
    actions.push({ kind: "release", from: "node1", to: "node3", write: "node1:1" });
    await settle(cluster);
    const byHand = shapeOf((await collect(cluster)).trace);

    const file = JSON.parse(JSON.stringify(scenarioFromHandActions(actions, cluster.ids)));
    expect(file.steps.map((step: { kind: string }) => step.kind)).toEqual([
      "say",
      "link",
      "put",
      "await",
      "put",
      "release",
      "heal",
    ]);
    const replay = await runScenario(scenarioFromFile(file), cluster);
    expect(replay.ok).toBe(true);
    expect(shapeOf(replay.trace)).toEqual(byHand);
    expect(byHand.node3).toContain("buffer node2:1");
  });
});
