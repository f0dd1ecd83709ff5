// Every scenario of the catalog, played against one real three-replica cluster (each run resets
// it first), ends with a passing verdict that says what happened; a scenario whose lesson does
// not happen ends with a failing one.
import { ReplicaClient } from "@causal-kv/client";
import { type RealReplicas, startReplicas } from "@causal-kv/client/testkit";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  causalChain,
  concurrentWrites,
  crashAndRecover,
  independentWrites,
  outOfOrderArrival,
  partitionAndHeal,
  replyBeforePost,
  scenarios,
} from "./catalog.js";
import type { ClientExchange } from "./clientExchange.js";
import { type Cluster, clusterOf } from "./cluster.js";
import { naiveRunNotice, runScenario, type ScenarioResult } from "./runScenario.js";
import type { Scenario, ScenarioStep } from "./scenario.js";

let replicas: RealReplicas;
let cluster: Cluster;

beforeAll(async () => {
  replicas = await startReplicas(3);
  cluster = clusterOf(
    Object.fromEntries(replicas.ids.map((id) => [id, new ReplicaClient(replicas.url(id))])),
  );
});
afterAll(() => replicas?.stop());

const causalityHeld =
  "causality held: every replica applied every write after all writes it depends on";
const converged = "converged: every replica ended with the same store";

function texts(result: ScenarioResult): string[] {
  return result.verdict.map((line) => line.text);
}

function expectPassed(result: ScenarioResult, scenario: Scenario, writes: number): void {
  expect(result.scenario).toBe(scenario.id);
  expect(result.verdict.filter((line) => !line.ok)).toEqual([]);
  expect(result.ok).toBe(true);
  expect(texts(result).slice(-3)).toEqual([
    causalityHeld,
    `no write lost: all ${writes} writes reached all 3 replicas`,
    converged,
  ]);
  expect(result.trace.replicas).toEqual(["node1", "node2", "node3"]);
}

describe("the catalog, end to end", () => {
  test("the catalog is the seven scenarios tested here", () => {
    expect(scenarios).toEqual([
      independentWrites,
      causalChain,
      concurrentWrites,
      outOfOrderArrival,
      partitionAndHeal,
      crashAndRecover,
      replyBeforePost,
    ]);
  });

  test("independent writes: concurrent, delivered at once everywhere; the observer hears every step", async () => {
    const steps: number[] = [];
    const said: string[] = [];
    const epochs = async () =>
      Promise.all(cluster.ids.map(async (id) => (await cluster.client(id).status()).epoch));
    const before = Math.max(...(await epochs()));
    const result = await runScenario(independentWrites, cluster, {
      onStep: (index) => steps.push(index),
      onSay: (text) => said.push(text),
    });
    expectPassed(result, independentWrites, 2);
    expect(result.verdict).toHaveLength(4);
    expect(texts(result)[0]).toBe(
      "x=1 and y=2 are concurrent: neither writer had seen the other's write",
    );
    expect(steps).toEqual(independentWrites.steps.map((_, i) => i));
    expect(said).toEqual(
      independentWrites.steps.flatMap((s) => (s.kind === "say" ? [s.text] : [])),
    );
    const buffered = Object.values(result.trace.journals)
      .flat()
      .filter((event) => event.type === "buffer");
    expect(buffered).toEqual([]);
    // The run began with a reset of every replica to one new epoch.
    expect(await epochs()).toEqual([before + 1, before + 1, before + 1]);
  });

  test("causal chain: node3 buffers y until x arrives over the slow link", async () => {
    const result = await runScenario(causalChain, cluster);
    expectPassed(result, causalChain, 2);
    expect(texts(result)[0]).toMatch(
      /^node3 buffered y=2 for (\d+ ms|\d+\.\d s) until x=1 arrived: causal order kept$/,
    );
  });

  test("concurrent writes: both kept as siblings, then resolved by a write that saw both", async () => {
    const result = await runScenario(concurrentWrites, cluster);
    expectPassed(result, concurrentWrites, 3);
    expect(texts(result)[0]).toMatch(
      /^both values kept as siblings: every replica has x = (red \| blue|blue \| red) \(conflict\)$/,
    );
    expect(texts(result)[1]).toBe("the later write resolved the conflict: x = green everywhere");
  });

  test("out-of-order arrival: node3 buffers node1's second write until its first", async () => {
    const result = await runScenario(outOfOrderArrival, cluster);
    expectPassed(result, outOfOrderArrival, 2);
    expect(texts(result)[0]).toMatch(
      /^node3 buffered x=2 for (\d+ ms|\d+\.\d s) until x=1 arrived: causal order kept$/,
    );
    const node3 = result.trace.stores?.node3;
    expect(node3?.x?.map((sibling) => sibling.value)).toEqual(["2"]);
  });

  test("partition and heal: the writes of both sides arrive once it heals", async () => {
    const result = await runScenario(partitionAndHeal, cluster);
    expectPassed(result, partitionAndHeal, 2);
    expect(result.verdict).toHaveLength(3);
    for (const id of ["node1", "node2", "node3"]) {
      expect(Object.keys(result.trace.stores?.[id] ?? {}).sort()).toEqual(["x", "y"]);
    }
  });

  test("crash and recover: node3 is restarted on its data and catches up", async () => {
    const node3 = replicas.replica("node3");
    const starts = node3.starts;
    const result = await runScenario(crashAndRecover, cluster);
    expectPassed(result, crashAndRecover, 3);
    expect(texts(result)[0]).toMatch(
      /^node3 restarted from disk and caught up on (1 write|2 writes) it missed$/,
    );
    expect(node3.starts).toBe(starts + 1);
    // x came from disk: it was applied before the crash, and the restart did not lose it.
    const journal = result.trace.journals.node3 ?? [];
    const restart = journal.findIndex((event) => event.type === "restart");
    expect(restart).toBeGreaterThan(0);
    const beforeCrash = journal.slice(0, restart);
    expect(beforeCrash.some((e) => e.type === "deliver" && e.message.key === "x")).toBe(true);
    expect(Object.keys(result.trace.stores?.node3 ?? {}).sort()).toEqual(["x", "y", "z"]);
  });
});

describe("reply before post", () => {
  test("without sessions Carol sees the reply alone; with them node2 waits and node3 buffers", async () => {
    const exchanges = new Map<number, ClientExchange>();
    const result = await runScenario(replyBeforePost, cluster, {
      onClient: (exchange) => exchanges.set(exchange.id, exchange),
    });
    expectPassed(result, replyBeforePost, 4);
    const [act1, depends, buffered, act2] = texts(result);
    expect(act1).toMatch(
      /^the client checker rang: Carol's read of post at node3 \(→ nothing\) missed Alice's write post=lunch at noon\? \(node1:1\) at node1: .+ Bob's writes-follow-reads was broken$/,
    );
    expect(depends).toBe(
      "node2 wrote reply2=sure! only once it had post2=dinner at eight?: its clock counts it",
    );
    expect(buffered).toMatch(
      /^node3 buffered reply2=sure! for (\d+ ms|\d+\.\d s) until post2=dinner at eight\? arrived/,
    );
    expect(act2).toMatch(/^every client saw post2 and reply2 in causal order/);
    // Carol's reads at node3 in act 2: the reply not yet (buffered), then both; her read of the
    // post in between comes as the held link lets it go, so it may or may not find it yet.
    const carol = [...exchanges.values()].filter(
      (e) => e.client === "Carol" && e.key.endsWith("2"),
    );
    const seen = carol.map((e) => [e.key, e.answer?.read?.map((sibling) => sibling.value)]);
    expect(seen[0]).toEqual(["reply2", []]);
    expect(seen.slice(2)).toEqual([
      ["reply2", ["sure!"]],
      ["post2", ["dinner at eight?"]],
    ]);
    // Bob's reply in act 2 carried his context and was answered only once node2 had the post.
    const reply = [...exchanges.values()].find((e) => e.key === "reply2");
    expect(reply?.context).toMatchObject({ node1: 2 });
    expect((reply?.answer?.at ?? 0) - (reply?.sentAt ?? 0)).toBeGreaterThan(500);
    expect(Object.keys(result.clients).sort()).toEqual(["Alice", "Bob", "Carol"]);
  });
});

describe("with naive delivery", () => {
  test("causal chain: node3 applies y before x, and the verdict names the broken causal order", async () => {
    const said: string[] = [];
    const result = await runScenario(
      causalChain,
      cluster,
      { onSay: (text) => said.push(text) },
      { delivery: "naive" },
    );
    expect(result.delivery).toBe("naive");
    expect(result.ok).toBe(false);
    expect(result.verdict).toEqual([
      { ok: false, text: "node3 applied y=2 before x=1: causal order broken" },
      {
        ok: false,
        text: "node3 applied y=2 (node2:1) before x=1 (node1:1), but x=1 (node1:1) happened before y=2 (node2:1)",
      },
      { ok: true, text: "no write lost: all 2 writes reached all 3 replicas" },
      { ok: true, text: converged },
    ]);
    const buffered = Object.values(result.trace.journals)
      .flat()
      .filter((event) => event.type === "buffer");
    expect(buffered).toEqual([]);
    // Said first, and the narration of what to watch is the naive one.
    expect(said[0]).toBe(naiveRunNotice);
    expect(said).toContain(
      causalChain.steps.flatMap((s) => (s.kind === "say" && s.naive ? [s.naive] : []))[0],
    );
    expect(said.some((text) => text.includes("waits in node3's buffer"))).toBe(false);
    // Every replica ran naive, switched after the reset: its journal of this run says so.
    for (const id of cluster.ids) {
      expect((await cluster.client(id).status()).mode).toBe("naive");
      const modes = (result.trace.journals[id] ?? []).filter((e) => e.type === "mode");
      expect(modes.map((e) => e.type === "mode" && e.mode)).toEqual(["naive"]);
    }
  });

  test("the next run without the option switches every replica back to causal, and holds", async () => {
    for (const id of cluster.ids) await cluster.client(id).setMode("naive");
    const result = await runScenario(causalChain, cluster);
    expect(result.delivery).toBe("causal");
    expectPassed(result, causalChain, 2);
    for (const id of cluster.ids) expect((await cluster.client(id).status()).mode).toBe("causal");
  });
});

describe("when the lesson does not happen", () => {
  test("x reaching node3 before y is written: the buffered check fails and says why", async () => {
    // The causal chain without its slow link, and waiting until node3 has x: y cannot be early.
    const withoutDelay: Scenario = {
      ...causalChain,
      id: "causal-chain-without-delay",
      steps: causalChain.steps.flatMap((step): ScenarioStep[] => {
        if (step.kind === "link") return [];
        if (step.kind === "await") return [step, { kind: "await", at: "node3", has: ["x"] }];
        return [step];
      }),
    };
    const result = await runScenario(withoutDelay, cluster);
    expect(result.ok).toBe(false);
    expect(result.verdict[0]).toEqual({
      ok: false,
      text: "node3 never buffered y=2: it arrived after x=1, so there was nothing to wait for",
    });
    expect(result.verdict.slice(1).every((line) => line.ok)).toBe(true);
  });

  test("a scenario needing replicas the cluster lacks is refused before anything is reset", async () => {
    const node1 = cluster.client("node1");
    const before = await node1.status();
    const small = clusterOf({ node1, node2: cluster.client("node2") });
    await expect(runScenario(causalChain, small)).rejects.toThrow(
      '"Causal chain" needs node3, which this cluster lacks',
    );
    expect((await node1.status()).epoch).toBe(before.epoch);
  });

  test("an aborted run stops at the next step", async () => {
    const controller = new AbortController();
    const steps: number[] = [];
    const run = runScenario(
      causalChain,
      cluster,
      {
        onStep: (index) => steps.push(index),
        onSay: () => controller.abort(new Error("the learner pressed stop")),
      },
      { signal: controller.signal },
    );
    await expect(run).rejects.toThrow("the learner pressed stop");
    expect(steps).toEqual([0, 1]);
  });
});
