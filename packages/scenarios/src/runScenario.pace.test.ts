// A run at a teacher's pace, on real replicas: a question waits for Next and is worded for the
// run's delivery mode; a paused run starts no step, Next runs one; a run at ¼× stretches the
// delays it sets on links.
import { ReplicaClient } from "@causal-kv/client";
import { type RealReplicas, startReplicas } from "@causal-kv/client/testkit";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { causalChain } from "./catalog.js";
import { type Cluster, clusterOf } from "./cluster.js";
import { RunPacer } from "./runPacer.js";
import { runScenario } from "./runScenario.js";
import type { Scenario } from "./scenario.js";
import type { AskedQuestion } from "./scenarioObserver.js";

let replicas: RealReplicas;
let cluster: Cluster;

beforeAll(async () => {
  replicas = await startReplicas(3);
  cluster = clusterOf(
    Object.fromEntries(replicas.ids.map((id) => [id, new ReplicaClient(replicas.url(id))])),
  );
});
afterAll(() => replicas?.stop());

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a paced run", () => {
  test("Causal chain asks before y is written, waits for Next, and holds", async () => {
    const pacer = new RunPacer();
    const asked: AskedQuestion[] = [];
    let writesWhenAsked = -1;
    const result = await runScenario(
      causalChain,
      cluster,
      {
        onAsk: async (question, signal) => {
          asked.push(question);
          writesWhenAsked = (await cluster.client("node1").status()).clock.node1 ?? 0;
          const answered = pacer.awaitNext(signal);
          await tick(200);
          pacer.next();
          await answered;
        },
      },
      { pacer },
    );
    expect(result.ok).toBe(true);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ answer: "Keep it in the buffer" });
    expect(asked[0]?.choices).toContain("Apply it at once");
    // Asked before any write was made: the answer has not happened yet.
    expect(writesWhenAsked).toBe(0);
  });

  test("a naive run is asked with the naive answer", async () => {
    const asked: AskedQuestion[] = [];
    const result = await runScenario(
      causalChain,
      cluster,
      { onAsk: async (question) => void asked.push(question) },
      { delivery: "naive" },
    );
    expect(result.delivery).toBe("naive");
    expect(asked[0]?.answer).toBe("Apply it at once");
    expect(asked[0]?.explanation).toContain("Naive delivery");
  });

  test("paused, no step begins until Next; resumed, the run ends", async () => {
    const pacer = new RunPacer();
    const steps: number[] = [];
    const scenario: Scenario = {
      id: "two-writes",
      title: "Two writes",
      summary: "two writes",
      replicas: 3,
      steps: [
        { kind: "put", at: "node1", key: "a", value: "1", label: "a" },
        { kind: "put", at: "node2", key: "b", value: "2", label: "b" },
        { kind: "settle" },
      ],
    };
    pacer.pause();
    const running = runScenario(
      scenario,
      cluster,
      { onStep: (index) => steps.push(index) },
      {
        pacer,
      },
    );
    await tick(300);
    expect(steps).toEqual([]);
    pacer.next();
    await tick(300);
    expect(steps).toEqual([0]);
    expect((await cluster.client("node1").status()).clock.node1).toBe(1);
    pacer.resume();
    const result = await running;
    expect(result.ok).toBe(true);
    expect(steps).toEqual([0, 1, 2]);
  });

  test("at a quarter of the speed, the links' delays are four times as long", async () => {
    const pacer = new RunPacer();
    pacer.setSpeed(0.25);
    const scenario: Scenario = {
      id: "slow-link",
      title: "Slow link",
      summary: "a slow link",
      replicas: 3,
      steps: [{ kind: "link", from: "node1", to: "node3", set: { delayMs: 100, jitterMs: 10 } }],
    };
    await runScenario(scenario, cluster, {}, { pacer });
    const link = (await cluster.client("node1").status()).links.node3;
    expect(link).toMatchObject({ delayMs: 400, jitterMs: 40 });
    await cluster.client("node1").setLink("node3", { delayMs: 0, jitterMs: 0 });
  });
});
