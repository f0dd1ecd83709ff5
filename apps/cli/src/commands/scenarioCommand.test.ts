import { causalChain, naiveRunNotice, scenarios } from "@causal-kv/scenarios";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  cli,
  cliUntilStopped,
  eventually,
  startCluster,
  type TestCluster,
} from "../replicaCluster.testkit.js";

const resultSchema = z.object({
  scenario: z.string(),
  title: z.string(),
  delivery: z.enum(["causal", "naive"]),
  ok: z.boolean(),
  verdict: z.array(z.object({ ok: z.boolean(), text: z.string() })),
});

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startCluster();
});
afterAll(async () => {
  await cluster?.close();
});

/** The checker's closing lines, the same for every scenario that holds. */
function closingLines(writes: number): string[] {
  return [
    "✔ causality held: every replica applied every write after all writes it depends on",
    `✔ no write lost: all ${writes} writes reached all 3 replicas`,
    "✔ converged: every replica ended with the same store",
  ];
}

describe("scenario questions (Predict)", () => {
  const question =
    "Predict: y will reach node3 before x, which it depends on. Will node3 apply y the moment it";
  it("on a terminal, asks and waits for a valid answer, then says whether it was right", async () => {
    const run = await cli(["scenario", "causal-chain"], cluster.env, undefined, [
      "maybe",
      "7",
      "2",
    ]);
    expect(run.status).toBe(0);
    expect(run.prompts).toEqual(Array(3).fill("  Your answer (1-2): "));
    const at = run.stdout.indexOf(question);
    expect(run.stdout.slice(at + 1, at + 4)).toEqual([
      "arrives?",
      "  1. Apply it at once",
      "  2. Keep it in the buffer",
    ]);
    expect(run.stdout).toContain("  Right.");
    expect(run.text).toContain("Answer: Keep it in the buffer. y's clock counts node1's write #1");
    // Asked before y was written: the write comes after the answer.
    expect(run.stdout.indexOf('  → node2 writes y = "2"')).toBeGreaterThan(at);
  });

  it("a wrong answer by its text is taken, and the right one shown", async () => {
    const run = await cli(["scenario", "causal-chain"], cluster.env, undefined, [
      "apply it at once",
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("  Not quite.");
    expect(run.text).toContain("Answer: Keep it in the buffer.");
  });

  it("with --yes, in CI, or piped, prints the question and its answer and goes on", async () => {
    for (const [args, env, typed] of [
      [["scenario", "causal-chain", "--yes"], cluster.env, []],
      [["scenario", "causal-chain"], { ...cluster.env, CI: "true" }, []],
      [["scenario", "causal-chain"], cluster.env, undefined],
    ] as const) {
      const run = await cli(args, env, undefined, typed);
      expect(run.status).toBe(0);
      expect(run.prompts).toEqual([]);
      expect(run.stdout).toContain(question);
      expect(run.text).toContain("Answer: Keep it in the buffer.");
    }
  });
});

describe("scenario <name> runs the dashboard's scenarios and prints their verdict", () => {
  it("causal-chain: narrates, acts, and finds y buffered until x", async () => {
    const run = await cli(["scenario", "causal-chain"], cluster.env);
    expect(run.status).toBe(0);
    expect(run.stderr).toEqual([]);
    expect(run.stdout[0]).toBe(
      "Causal chain: A write that depends on another waits in the buffer until its cause arrives.",
    );
    expect(run.stdout).toContain("  → link node1 → node3: delay 1500 ms");
    expect(run.stdout).toContain('  → node2 writes y = "2"');
    expect(run.stdout).toContain(
      "The link node1 → node3 is slow (1.5 s). node1 writes x; node2 receives it and then writes y, so",
    );
    expect(run.stdout.slice(-5)).toEqual([
      expect.stringMatching(
        /^✔ node3 buffered y=2 for [\d.]+ m?s until x=1 arrived: causal order kept$/,
      ),
      ...closingLines(2),
      "Causal chain: held",
    ]);
  });

  it("causal-chain --naive: node3 applies y before x; the verdict says so, exit 1", async () => {
    const run = await cli(["scenario", "causal-chain", "--naive"], cluster.env);
    expect(run.status).toBe(1);
    expect(run.stderr).toEqual([]);
    expect(run.stdout[0]).toBe(
      "Causal chain (naive delivery): A write that depends on another waits in the buffer until its cause arrives.",
    );
    // The notice and the naive narration, wrapped as the CLI wraps every narration.
    const text = run.stdout.join(" ");
    expect(text).toContain(naiveRunNotice.split(" ").slice(0, 8).join(" "));
    expect(text).toContain("is applied at once, before x");
    expect(text).not.toContain("waits in node3's buffer");
    expect(run.stdout.slice(-5)).toEqual([
      "✘ node3 applied y=2 before x=1: causal order broken",
      "✘ node3 applied y=2 (node2:1) before x=1 (node1:1), but x=1 (node1:1) happened before y=2 (node2:1)",
      "✔ no write lost: all 2 writes reached all 3 replicas",
      "✔ converged: every replica ended with the same store",
      "Causal chain (naive delivery): did not hold",
    ]);
    const status = await cli(["status", "--json"], cluster.env);
    expect(status.text).toContain('"mode":"naive"');

    // Without --naive the next run puts every replica back to causal delivery, and holds.
    const json = await cli(["scenario", "causal-chain", "--json"], cluster.env);
    expect(json.status).toBe(0);
    expect(resultSchema.parse(JSON.parse(json.text))).toMatchObject({
      scenario: causalChain.id,
      delivery: "causal",
      ok: true,
    });
    const after = await cli(["status", "--json"], cluster.env);
    expect(after.text).not.toContain('"mode":"naive"');
    expect(after.text).toContain('"mode":"causal"');
  });

  it("concurrent-writes: keeps both values as siblings, then resolves them", async () => {
    const run = await cli(["scenario", "concurrent-writes"], cluster.env);
    expect(run.status).toBe(0);
    expect(run.stdout.slice(-6)).toEqual([
      "✔ both values kept as siblings: every replica has x = red | blue (conflict)",
      "✔ the later write resolved the conflict: x = green everywhere",
      ...closingLines(3),
      "Concurrent writes: held",
    ]);
  });

  it("out-of-order-arrival: gives the verdict as JSON with --json", async () => {
    const run = await cli(["scenario", "out-of-order-arrival", "--json"], cluster.env);
    expect(run.status).toBe(0);
    expect(run.stdout).toHaveLength(1);
    const result = resultSchema.parse(JSON.parse(run.text));
    expect(result).toMatchObject({ scenario: "out-of-order-arrival", ok: true });
    expect(result.verdict.map((line) => line.ok)).toEqual([true, true, true, true]);
    expect(result.verdict[0]?.text).toMatch(/^node3 buffered x=2 for .+ until x=1 arrived/);
  });

  it("independent-writes, partition-and-heal and crash-and-recover hold too", async () => {
    const independent = await cli(["scenario", "independent-writes"], cluster.env);
    expect(independent.status).toBe(0);
    expect(independent.stdout.slice(-4)).toEqual([
      "✔ causality held: every replica applied every write after all writes it depends on",
      // The scenario uses two replicas, but every listed replica takes part in the cluster.
      "✔ no write lost: all 2 writes reached all 3 replicas",
      "✔ converged: every replica ended with the same store",
      "Independent writes: held",
    ]);

    const partition = await cli(["scenario", "partition-and-heal"], cluster.env);
    expect(partition.status).toBe(0);
    expect(partition.stdout).toContain("  → link node1 ↔ node3: partitioned");
    expect(partition.stdout.slice(-4)).toEqual([...closingLines(2), "Partition and heal: held"]);

    const crash = await cli(["scenario", "crash-and-recover"], cluster.env);
    expect(crash.status).toBe(0);
    expect(crash.stdout.slice(-5)).toEqual([
      "✔ node3 restarted from disk and caught up on 2 writes it missed",
      ...closingLines(3),
      "Crash and recover: held",
    ]);
  });

  it("reply-before-post: the clients' requests and answers, act 1 rung, act 2 held", async () => {
    const run = await cli(["scenario", "reply-before-post"], cluster.env);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('  → Bob writes reply = "yes!" at node2, no session');
    expect(run.stdout).toContain("  → Carol reads post at node3, no session");
    expect(run.stdout).toContain("    ← nothing");
    expect(run.stdout).toContainEqual(
      expect.stringMatching(/^ {4}← written after \d\.\d s, clock node1:2 node2:2 node3:0$/),
    );
    expect(run.stdout).toContainEqual(
      expect.stringMatching(/^✔ the client checker rang: .+ Bob's writes-follow-reads was broken$/),
    );
    expect(run.stdout.at(-1)).toBe("Reply before post: held");
  });

  it("lists the scenarios without a name", async () => {
    const run = await cli(["scenario"], cluster.env);
    expect(run.status).toBe(0);
    expect(run.stdout.map((line) => line.split(" ")[0])).toEqual(scenarios.map((s) => s.id));
    const json = await cli(["scenario", "--json"], cluster.env);
    expect(JSON.parse(json.text).scenarios.map((s: { id: string }) => s.id)).toEqual(
      scenarios.map((s) => s.id),
    );
  });

  it("refuses an unknown scenario, a bad timeout, and a cluster too small (exit 2)", async () => {
    const unknown = await cli(["scenario", "split-brain"], cluster.env);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr[0]).toBe(
      `causal-kv: unknown scenario "split-brain": the scenarios are ${scenarios.map((s) => s.id).join(", ")}`,
    );
    const timeout = await cli(["scenario", "causal-chain", "--timeout", "soon"], cluster.env);
    expect(timeout.status).toBe(2);
    const small = await cli(["scenario", "causal-chain"], {
      CAUSAL_KV_REPLICAS: cluster.list.split(",").slice(0, 2).join(","),
    });
    expect(small.status).toBe(2);
    expect(small.stderr[0]).toBe(
      "causal-kv: causal-chain needs node1, node2, node3; the replica list lacks node3",
    );
  });

  it("says it did not hold, exit 1, when a step never comes about in --timeout", async () => {
    // The link node1 → node3 delays 1.5 s, so the cluster cannot settle within half a second.
    const run = await cli(["scenario", "causal-chain", "--timeout", "500"], cluster.env);
    expect(run.status).toBe(1);
    expect(run.stdout.slice(-2)).toEqual([
      expect.stringMatching(/^✘ the cluster settling did not happen within \S+ m?s$/),
      "Causal chain: did not hold",
    ]);
    const json = await cli(["scenario", "causal-chain", "--timeout", "500", "--json"], cluster.env);
    expect(json.status).toBe(1);
    expect(resultSchema.parse(JSON.parse(json.text))).toMatchObject({
      ok: false,
      verdict: [
        { ok: false, text: expect.stringContaining("the cluster settling did not happen") },
      ],
    });
  });

  it("stops at Ctrl-C with exit 130, saying the cluster is left as it was", async () => {
    const run = cliUntilStopped(["scenario", "partition-and-heal"], cluster.env);
    await eventually(
      () => run.stdout.includes("  → link node1 ↔ node3: partitioned"),
      "the partition step",
    );
    expect(await run.stop()).toBe(130);
    expect(run.stderr).toEqual([
      "causal-kv: partition-and-heal stopped midway: links and data are as it left them; causal-kv reset starts afresh",
    ]);
    expect(run.stdout.some((line) => line.startsWith("✔"))).toBe(false);
    // Re-running it starts afresh and holds.
    expect((await cli(["scenario", "partition-and-heal"], cluster.env)).status).toBe(0);
  });

  it("exits 3 with a sentence when a replica is down, having changed nothing", async () => {
    await cluster.stop("node2");
    const run = await cli(["scenario", "causal-chain"], cluster.env);
    expect(run.status).toBe(3);
    expect(run.stderr[0]).toMatch(
      /^causal-kv: node2 at http:\/\/127\.0\.0\.1:\d+ is unreachable: /,
    );
    expect(run.stdout.some((line) => line.startsWith("✔"))).toBe(false);
    // The last scenario's writes are still there: nothing was reset.
    const left = await cli(["get", "y", "--at", "node1"], cluster.env);
    expect(left.stdout[0]).toMatch(/^y = "2" /);
  });
});
