// Verdict lines from journals written by the core's own replicas, with messages carried by hand.
import type { ClientHistory } from "@causal-kv/checker";
import { describe, expect, test } from "vitest";
import { historyValue } from "./clientHistory.js";
import { PureCluster } from "./pureCluster.testkit.js";
import { judgeExpectation, judgeTrace } from "./verdict.js";

const ids = ["node1", "node2", "node3"];

/** node1 writes x; node2 sees it, writes y; y reaches node3 first, then x, after `gapMs`. */
function causalChain(modes: Record<string, "causal" | "naive"> = {}, gapMs = 1500): PureCluster {
  const cluster = new PureCluster(ids, modes);
  const x = cluster.put("node1", "x", "1", "x");
  cluster.deliver("node2", x);
  const y = cluster.put("node2", "y", "2", "y");
  cluster.deliver("node1", y);
  cluster.deliver("node3", y);
  cluster.wait(gapMs);
  cluster.deliver("node3", x);
  return cluster;
}

function judge(
  cluster: PureCluster,
  expect: Parameters<typeof judgeExpectation>[0],
  clients: ClientHistory = {},
) {
  return judgeExpectation(expect, {
    trace: cluster.trace(),
    statuses: cluster.statuses(),
    labels: cluster.labels,
    clients,
  });
}

const yWaitsForX = { kind: "buffered", at: "node3", write: "y", until: "x" } as const;

describe("buffered: a write waits for its cause", () => {
  test("kept: says who buffered what, for how long, until which write", () => {
    expect(judge(causalChain(), yWaitsForX)).toEqual({
      ok: true,
      text: "node3 buffered y=2 for 1.5 s until x=1 arrived: causal order kept",
    });
    expect(judge(causalChain({}, 240), yWaitsForX).text).toContain("for 240 ms until");
  });

  test("a naive replica applies y on arrival, before x: causal order broken", () => {
    expect(judge(causalChain({ node3: "naive" }), yWaitsForX)).toEqual({
      ok: false,
      text: "node3 applied y=2 before x=1: causal order broken",
    });
  });

  test("when the cause arrived first there was nothing to wait for: the lesson did not happen", () => {
    const cluster = new PureCluster(ids);
    const x = cluster.put("node1", "x", "1", "x");
    cluster.deliver("node2", x);
    cluster.deliver("node3", x);
    const y = cluster.put("node2", "y", "2", "y");
    cluster.deliver("node3", y);
    expect(judge(cluster, yWaitsForX)).toEqual({
      ok: false,
      text: "node3 never buffered y=2: it arrived after x=1, so there was nothing to wait for",
    });
  });

  test("a write still waiting at the end was never applied", () => {
    const cluster = new PureCluster(ids);
    const x = cluster.put("node1", "x", "1", "x");
    cluster.deliver("node2", x);
    cluster.deliver("node3", cluster.put("node2", "y", "2", "y"));
    expect(judge(cluster, yWaitsForX)).toEqual({ ok: false, text: "node3 never applied y=2" });
  });

  test("naive delivery of a sender's two writes out of order: broken, though the store keeps x=2", () => {
    const naive = { node1: "naive", node2: "naive", node3: "naive" } as const;
    const cluster = new PureCluster(ids, naive);
    const first = cluster.put("node1", "x", "1", "first");
    const second = cluster.put("node1", "x", "2", "second");
    cluster.deliver("node2", first);
    cluster.deliver("node2", second);
    cluster.deliver("node3", second);
    cluster.deliver("node3", first);
    const expectation = { kind: "buffered", at: "node3", write: "second", until: "first" } as const;
    expect(judge(cluster, expectation)).toEqual({
      ok: false,
      text: "node3 applied x=2 before x=1: causal order broken",
    });
    // What the naive narration of out-of-order arrival promises: x=1 came too late to overwrite.
    expect(cluster.statuses().map((s) => s.store.x?.map((sibling) => sibling.value))).toEqual([
      ["2"],
      ["2"],
      ["2"],
    ]);
  });

  test("a sender's second write buffered until its first", () => {
    const cluster = new PureCluster(ids);
    const first = cluster.put("node1", "x", "1", "first");
    const second = cluster.put("node1", "x", "2", "second");
    cluster.deliver("node3", second);
    cluster.wait(300);
    cluster.deliver("node3", first);
    const expectation = { kind: "buffered", at: "node3", write: "second", until: "first" } as const;
    expect(judge(cluster, expectation)).toEqual({
      ok: true,
      text: "node3 buffered x=2 for 300 ms until x=1 arrived: causal order kept",
    });
  });
});

describe("siblings", () => {
  function concurrentWrites(): PureCluster {
    const cluster = new PureCluster(ids);
    const red = cluster.put("node1", "x", "red", "red");
    const blue = cluster.put("node2", "x", "blue", "blue");
    for (const [to, message] of [
      ["node2", red],
      ["node3", red],
      ["node1", blue],
      ["node3", blue],
    ] as const)
      cluster.deliver(to, message);
    return cluster;
  }

  test("concurrent writes kept everywhere as a conflict", () => {
    const verdict = judge(concurrentWrites(), { kind: "siblings", key: "x", count: 2 });
    expect(verdict.ok).toBe(true);
    expect(verdict.text).toMatch(
      /^both values kept as siblings: every replica has x = (red \| blue|blue \| red) \(conflict\)$/,
    );
  });

  test("three concurrent writes are all three kept", () => {
    const cluster = new PureCluster(ids);
    const writes = ids.map((id) => cluster.put(id, "x", id, id));
    for (const to of ids)
      for (const message of writes) if (message.origin !== to) cluster.deliver(to, message);
    expect(judge(cluster, { kind: "siblings", key: "x", count: 3 })).toEqual({
      ok: true,
      text: "all 3 values kept as siblings: every replica has x = node1 | node2 | node3 (conflict)",
    });
  });

  test("a write that saw both resolves the conflict", () => {
    const cluster = concurrentWrites();
    const green = cluster.put("node3", "x", "green", "green");
    cluster.deliver("node1", green);
    cluster.deliver("node2", green);
    expect(judge(cluster, { kind: "siblings", key: "x", count: 1 })).toEqual({
      ok: true,
      text: "the later write resolved the conflict: x = green everywhere",
    });
  });

  test("a replica that lacks one of the writes fails the expectation, with the counts", () => {
    const cluster = new PureCluster(ids);
    const red = cluster.put("node1", "x", "red", "red");
    const blue = cluster.put("node2", "x", "blue", "blue");
    cluster.deliver("node2", red);
    cluster.deliver("node1", blue);
    cluster.deliver("node3", red);
    expect(judge(cluster, { kind: "siblings", key: "x", count: 2 })).toEqual({
      ok: false,
      text: "x has 2, 2, 1 siblings across the replicas, expected 2 everywhere",
    });
  });
});

describe("restarted", () => {
  test("counts the writes delivered after the restart", () => {
    const cluster = new PureCluster(ids);
    const x = cluster.put("node1", "x", "1", "x");
    cluster.deliver("node3", x);
    cluster.restart("node3");
    cluster.deliver("node3", cluster.put("node1", "y", "2", "y"));
    cluster.deliver("node3", cluster.put("node2", "z", "3", "z"));
    expect(judge(cluster, { kind: "restarted", replica: "node3" })).toEqual({
      ok: true,
      text: "node3 restarted from disk and caught up on 2 writes it missed",
    });
  });

  test("one write is singular", () => {
    const cluster = new PureCluster(ids);
    cluster.restart("node2");
    cluster.deliver("node2", cluster.put("node1", "y", "2", "y"));
    expect(judge(cluster, { kind: "restarted", replica: "node2" }).text).toBe(
      "node2 restarted from disk and caught up on 1 write it missed",
    );
  });

  test("a replica with no restart in its journal fails", () => {
    expect(judge(causalChain(), { kind: "restarted", replica: "node3" })).toEqual({
      ok: false,
      text: "node3 never restarted",
    });
  });
});

describe("concurrent", () => {
  test("writes made before either heard of the other are concurrent", () => {
    const cluster = new PureCluster(ids);
    const x = cluster.put("node1", "x", "1", "x");
    const y = cluster.put("node2", "y", "2", "y");
    cluster.deliver("node2", x);
    cluster.deliver("node1", y);
    expect(judge(cluster, { kind: "concurrent", writes: ["x", "y"] })).toEqual({
      ok: true,
      text: "x=1 and y=2 are concurrent: neither writer had seen the other's write",
    });
  });

  test("a write made after its writer received the other is not, and the line says why", () => {
    const verdict = judge(causalChain(), { kind: "concurrent", writes: ["x", "y"] });
    expect(verdict).toEqual({
      ok: false,
      text: "x=1 and y=2 are not concurrent: node2 had already seen x=1 when it wrote y=2",
    });
    expect(judge(causalChain(), { kind: "concurrent", writes: ["y", "x"] })).toEqual(verdict);
  });

  test("two writes of one replica are never concurrent", () => {
    const cluster = new PureCluster(ids);
    cluster.put("node1", "x", "1", "first");
    cluster.put("node1", "x", "2", "second");
    expect(judge(cluster, { kind: "concurrent", writes: ["first", "second"] }).text).toBe(
      "x=1 and x=2 are not concurrent: node1 had already seen x=1 when it wrote x=2",
    );
  });

  test("three writes from three replicas that heard nothing", () => {
    const cluster = new PureCluster(ids);
    for (const id of ids) cluster.put(id, id, "1", id);
    expect(judge(cluster, { kind: "concurrent", writes: ids })).toEqual({
      ok: true,
      text: "node1=1 and node2=1 and node3=1 are concurrent: no writer had seen another's write",
    });
  });

  test("a label no put gave fails", () => {
    const cluster = new PureCluster(ids);
    cluster.put("node1", "x", "1", "x");
    expect(judge(cluster, { kind: "concurrent", writes: ["x", "z"] })).toEqual({
      ok: false,
      text: "z was never written",
    });
  });
});

describe("judgeTrace: the checker's verdict in three lines", () => {
  test("a complete causal run: causality held, nothing lost, converged", () => {
    expect(judgeTrace(causalChain().trace())).toEqual([
      {
        ok: true,
        text: "causality held: every replica applied every write after all writes it depends on",
      },
      { ok: true, text: "no write lost: all 2 writes reached all 3 replicas" },
      { ok: true, text: "converged: every replica ended with the same store" },
    ]);
  });

  test("a naive replica's early delivery is a causality violation, named with both writes", () => {
    const lines = judgeTrace(causalChain({ node3: "naive" }).trace());
    expect(lines.map((line) => line.ok)).toEqual([false, true, true]);
    expect(lines[0]?.text).toBe(
      "node3 applied y=2 (node2:1) before x=1 (node1:1), but x=1 (node1:1) happened before y=2 (node2:1)",
    );
  });

  test("after a naive run that kept causal order, the line credits the order of arrival", () => {
    const cluster = new PureCluster(ids, { node1: "naive", node2: "naive", node3: "naive" });
    const x = cluster.put("node1", "x", "1", "x");
    for (const to of ["node2", "node3"]) cluster.deliver(to, x);
    const y = cluster.put("node2", "y", "2", "y");
    for (const to of ["node1", "node3"]) cluster.deliver(to, y);
    expect(judgeTrace(cluster.trace(), "naive")[0]).toEqual({
      ok: true,
      text: "causality held: every replica applied every write after all writes it depends on (naive delivery waits for nothing: they arrived in that order)",
    });
  });

  test("a naive run that broke causal order is judged as any other", () => {
    expect(judgeTrace(causalChain({ node3: "naive" }).trace(), "naive")).toEqual(
      judgeTrace(causalChain({ node3: "naive" }).trace()),
    );
  });

  test("a write that never reached a replica is lost, and the stores differ", () => {
    const cluster = new PureCluster(ids);
    const x = cluster.put("node1", "x", "1", "x");
    cluster.deliver("node2", x);
    const lines = judgeTrace(cluster.trace());
    expect(lines.map((line) => line.ok)).toEqual([true, false, false]);
    expect(lines[1]?.text).toBe("node3 never applied x=1 (node1:1)");
    expect(lines[2]?.text).toBe("node3 and node1 ended with different values for x");
  });
});

describe("depends and clients: the reply before the post", () => {
  /** Alice posts at node1; Bob reads it at node1 and replies at node2, with or without the post. */
  function replyBeforePost(bobHasThePost: boolean) {
    const cluster = new PureCluster(ids);
    const post = cluster.put("node1", "post", "lunch?", "post");
    if (bobHasThePost) cluster.deliver("node2", post);
    const reply = cluster.put("node2", "reply", "yes", "reply");
    cluster.deliver("node3", reply);
    const seen = (message: typeof post) => ({ value: historyValue(message), clock: message.clock });
    const clients: ClientHistory = {
      Alice: [{ type: "write", key: "post", value: historyValue(post), clock: post.clock }],
      Bob: [
        { type: "read", key: "post", values: [seen(post)] },
        { type: "write", key: "reply", value: historyValue(reply), clock: reply.clock },
      ],
      Carol: [
        { type: "read", key: "reply", values: [seen(reply)] },
        { type: "read", key: "post", values: bobHasThePost ? [seen(post)] : [] },
      ],
    };
    return { cluster, clients };
  }
  const depends = { kind: "depends", write: "reply", on: "post" } as const;
  const clientsSawCausalOrder = { kind: "clients", keys: ["post", "reply"], finds: [] } as const;
  const wfrBroken = {
    kind: "clients",
    keys: ["post", "reply"],
    finds: ["writes-follow-reads"],
  } as const;

  test("with the post at node2, the reply depends on it and every client saw causal order", () => {
    const { cluster, clients } = replyBeforePost(true);
    expect(judge(cluster, depends)).toEqual({
      ok: true,
      text: "node2 wrote reply=yes only once it had post=lunch?: its clock counts it",
    });
    expect(judge(cluster, clientsSawCausalOrder, clients)).toEqual({
      ok: true,
      text: "every client saw post and reply in causal order: its own writes, never older than before, never a write without what it depends on",
    });
    expect(judge(cluster, wfrBroken, clients).ok).toBe(false);
  });

  test("without it, the reply does not depend on the post and the client checker rings Carol's read", () => {
    const { cluster, clients } = replyBeforePost(false);
    expect(judge(cluster, depends)).toEqual({
      ok: false,
      text: "reply=yes does not depend on post=lunch?: node2 wrote it without having it",
    });
    const rang = judge(cluster, wfrBroken, clients);
    expect(rang.ok).toBe(true);
    expect(rang.text).toBe(
      "the client checker rang: Carol's read of post (→ nothing) missed Alice's write post=lunch? (node1:1): yet Carol's read of reply (→ yes (node2:1)) returned Bob's write reply=yes (node2:1), which Bob wrote after Bob's read of post (→ lunch? (node1:1)): Bob's writes-follow-reads was broken",
    );
    expect(judge(cluster, clientsSawCausalOrder, clients).ok).toBe(false);
  });
});
