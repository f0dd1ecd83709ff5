/**
 * The lab's scenarios: the four of the original course, a partition and a crash, and the reply
 * before the post, which shows what the replicas' causal delivery cannot prevent alone.
 */
import type { Scenario } from "./scenario.js";

export const independentWrites: Scenario = {
  id: "independent-writes",
  title: "Independent writes",
  summary: "Writes to different keys at different replicas: concurrent, yet nothing to reconcile.",
  replicas: 2,
  steps: [
    // Without the slow link, x usually reaches node2 before y is written, and y depends on x.
    { kind: "link", from: "node1", to: "node2", set: { delayMs: 800 }, both: true },
    {
      kind: "say",
      text: "The link between node1 and node2 is slow (0.8 s each way). node1 writes x and node2 writes y before either hears of the other: neither has seen the other's write, so their clocks are concurrent. Watch both arrows cross: each replica delivers the other's write at once, because it depends on nothing it lacks.",
    },
    { kind: "put", at: "node1", key: "x", value: "1", label: "x" },
    { kind: "put", at: "node2", key: "y", value: "2", label: "y" },
    { kind: "settle" },
    { kind: "check", expect: { kind: "concurrent", writes: ["x", "y"] } },
  ],
};

export const causalChain: Scenario = {
  id: "causal-chain",
  title: "Causal chain",
  summary: "A write that depends on another waits in the buffer until its cause arrives.",
  replicas: 3,
  steps: [
    { kind: "link", from: "node1", to: "node3", set: { delayMs: 1500 } },
    {
      kind: "say",
      text: "The link node1 → node3 is slow (1.5 s). node1 writes x; node2 receives it and then writes y, so x happened before y.",
    },
    {
      kind: "ask",
      question:
        "y will reach node3 before x, which it depends on. Will node3 apply y the moment it arrives?",
      choices: ["Apply it at once", "Keep it in the buffer"],
      answer: "Keep it in the buffer",
      explanation:
        "y's clock counts node1's write #1, which node3 has not delivered: the causal rule keeps y waiting until x arrives.",
      naive: {
        answer: "Apply it at once",
        explanation:
          "Naive delivery has no buffer: node3 applies y as it arrives, before its cause x, and the checker rings it.",
      },
    },
    { kind: "put", at: "node1", key: "x", value: "1", label: "x" },
    { kind: "await", at: "node2", has: ["x"] },
    { kind: "put", at: "node2", key: "y", value: "2", label: "y" },
    {
      kind: "say",
      text: "Watch node3: y arrives first, but its clock says it depends on node1's write #1, so y waits in node3's buffer (the orange bar) until x arrives.",
      naive:
        "Watch node3: y arrives first and, with naive delivery, is applied at once, before x, which it depends on. Until x comes over the slow link, node3 shows y without its cause; the checker rings y as applied too early.",
    },
    { kind: "settle" },
    { kind: "check", expect: { kind: "buffered", at: "node3", write: "y", until: "x" } },
  ],
};

export const concurrentWrites: Scenario = {
  id: "concurrent-writes",
  title: "Concurrent writes",
  summary: "Two writes to one key that never saw each other are both kept, as siblings.",
  replicas: 3,
  steps: [
    { kind: "link", from: "node1", to: "node2", set: { delayMs: 800 }, both: true },
    {
      kind: "say",
      text: "node1 and node2 both write x before either hears of the other. Neither clock is before the other: the writes are concurrent, and no replica may pick one silently.",
    },
    {
      kind: "ask",
      question:
        "node1 writes x=red and node2 writes x=blue, neither having seen the other. What will every replica hold for x?",
      choices: ["red", "blue", "Both, as a conflict"],
      answer: "Both, as a conflict",
      explanation:
        "The two clocks are concurrent, so neither write overwrites the other: every replica keeps both as siblings until a later write replaces them.",
    },
    { kind: "put", at: "node1", key: "x", value: "red", label: "red" },
    { kind: "put", at: "node2", key: "x", value: "blue", label: "blue" },
    {
      kind: "say",
      text: "Watch the stores: every replica ends with both values for x, marked as a conflict.",
    },
    { kind: "settle" },
    { kind: "check", expect: { kind: "siblings", key: "x", count: 2 } },
    {
      kind: "say",
      text: "node3 has seen both. Its write of x happens after both, so it replaces them everywhere.",
    },
    { kind: "put", at: "node3", key: "x", value: "green", label: "green" },
    { kind: "settle" },
    { kind: "check", expect: { kind: "siblings", key: "x", count: 1 } },
  ],
};

export const outOfOrderArrival: Scenario = {
  id: "out-of-order-arrival",
  title: "Out-of-order arrival",
  summary: "A sender's second write arrives first and waits for its first.",
  replicas: 3,
  steps: [
    { kind: "link", from: "node1", to: "node3", set: { hold: true } },
    {
      kind: "say",
      text: "node1 writes x=1, then x=2. The link node1 → node3 holds both messages, then lets the second through first.",
    },
    {
      kind: "ask",
      question:
        "x=2 (node1's write #2) will reach node3 before x=1 (its write #1). Will node3 apply x=2 at once?",
      choices: ["Apply it at once", "Keep it in the buffer"],
      answer: "Keep it in the buffer",
      explanation:
        "node3 has delivered none of node1's writes, so #2 is not next: it waits until #1 arrives.",
      naive: {
        answer: "Apply it at once",
        explanation:
          "Naive delivery applies whatever arrives: node3 takes #2 first and the checker rings it as applied too early.",
      },
    },
    { kind: "put", at: "node1", key: "x", value: "1", label: "first" },
    { kind: "put", at: "node1", key: "x", value: "2", label: "second" },
    { kind: "release-newest-first", from: "node1", to: "node3", count: 2 },
    {
      kind: "say",
      text: "A rule that only checks the other replicas' entries would apply x=2 and then let x=1 overwrite it. Watch node3 buffer x=2 instead: it is node1's write #2, and node3 has not seen #1.",
      naive:
        "With naive delivery node3 applies x=2 the moment it arrives, before node1's write #1, and x=1 after it: the checker rings x=2 as applied too early. (The store still keeps x=2: its clock shows it is the later write.)",
    },
    { kind: "link", from: "node1", to: "node3", set: { hold: false } },
    { kind: "settle" },
    { kind: "check", expect: { kind: "buffered", at: "node3", write: "second", until: "first" } },
  ],
};

export const partitionAndHeal: Scenario = {
  id: "partition-and-heal",
  title: "Partition and heal",
  summary: "Writes on both sides of a partition all arrive once it heals.",
  replicas: 3,
  steps: [
    { kind: "link", from: "node1", to: "node3", set: { partitioned: true }, both: true },
    {
      kind: "say",
      text: "node1 and node3 cannot reach each other. Each takes a write; node2 hears both.",
    },
    { kind: "put", at: "node1", key: "x", value: "1", label: "x" },
    { kind: "put", at: "node3", key: "y", value: "2", label: "y" },
    { kind: "pause", ms: 1200 },
    {
      kind: "say",
      text: "Healing the partition. Watch the retransmitted messages cross: nothing acknowledged is lost, and the replicas converge.",
    },
    { kind: "heal" },
    { kind: "settle" },
  ],
};

export const crashAndRecover: Scenario = {
  id: "crash-and-recover",
  title: "Crash and recover",
  summary: "A replica killed mid-run comes back from disk and catches up.",
  replicas: 3,
  steps: [
    { kind: "put", at: "node1", key: "x", value: "1", label: "x" },
    { kind: "await", at: "node3", has: ["x"] },
    {
      kind: "say",
      text: "node3 is killed at once, like kill -9. Its lane goes quiet while node1 and node2 keep writing.",
    },
    { kind: "crash", replica: "node3" },
    { kind: "put", at: "node1", key: "y", value: "2", label: "y" },
    { kind: "put", at: "node2", key: "z", value: "3", label: "z" },
    { kind: "await-up", replica: "node3" },
    {
      kind: "say",
      text: "node3 restarted from its database with its clock and store intact; the others resend what it missed.",
    },
    { kind: "settle" },
    { kind: "check", expect: { kind: "restarted", replica: "node3" } },
  ],
};

/** The anomaly of causal sessions (see the README), played without sessions and then with them. */
export const replyBeforePost: Scenario = {
  id: "reply-before-post",
  title: "Reply before post",
  summary:
    "Bob replies at node2 to a post he read at node1: without sessions Carol sees the reply without the post; with them, never.",
  replicas: 3,
  steps: [
    // Held, not only slow: the anomaly must happen however long each step takes.
    { kind: "link", from: "node1", to: "node2", set: { hold: true } },
    { kind: "link", from: "node1", to: "node3", set: { hold: true } },
    {
      kind: "say",
      text: "Act 1, without sessions. node1's links hold its messages for now, as a very slow network would. Alice posts at node1; Bob reads the post at node1 and replies at node2, which has not received the post.",
    },
    {
      kind: "client-put",
      client: "Alice",
      at: "node1",
      key: "post",
      value: "lunch at noon?",
      label: "post",
      session: false,
    },
    { kind: "client-get", client: "Bob", at: "node1", key: "post", session: false },
    {
      kind: "client-put",
      client: "Bob",
      at: "node2",
      key: "reply",
      value: "yes!",
      label: "reply",
      session: false,
    },
    {
      kind: "say",
      text: "node2 did not have the post, so the reply's clock does not count it: node3 delivers the reply at once. Watch Carol at node3: she reads the reply, then the post, which is not there. The client checker rings her read.",
    },
    { kind: "await", at: "node3", has: ["reply"] },
    { kind: "client-get", client: "Carol", at: "node3", key: "reply", session: false },
    { kind: "client-get", client: "Carol", at: "node3", key: "post", session: false },
    {
      kind: "check",
      expect: { kind: "clients", keys: ["post", "reply"], finds: ["writes-follow-reads"] },
    },
    { kind: "link", from: "node1", to: "node2", set: { hold: false, delayMs: 1500 } },
    { kind: "link", from: "node1", to: "node3", set: { hold: false } },
    { kind: "settle" },
    { kind: "link", from: "node1", to: "node3", set: { hold: true } },
    {
      kind: "say",
      text: "Act 2, with sessions: every request carries its client's causal context. Alice posts again and Bob reads it at node1. His reply at node2 carries a context that covers the post, so node2 waits until the post arrives over the slow link (watch Bob's arrow to node2: it lands only then), and the reply's clock counts the post.",
    },
    {
      kind: "client-put",
      client: "Alice",
      at: "node1",
      key: "post2",
      value: "dinner at eight?",
      label: "post2",
      session: true,
    },
    { kind: "client-get", client: "Bob", at: "node1", key: "post2", session: true },
    {
      kind: "client-put",
      client: "Bob",
      at: "node2",
      key: "reply2",
      value: "sure!",
      label: "reply2",
      session: true,
    },
    { kind: "await-arrived", at: "node3", write: "reply2" },
    {
      kind: "say",
      text: "The reply reaches node3 before the post, which node1's link still holds: node3 keeps the reply in its buffer. Carol reads it at node3 and finds nothing, never the reply alone; once the post arrives, she reads both.",
      naive:
        "With naive delivery node3 applies the reply as it arrives, before the post. Carol reads it, and her session's context now covers the post: node3 holds her read of the post back until the post is there, so her view stays causal even so.",
    },
    { kind: "client-get", client: "Carol", at: "node3", key: "reply2", session: true },
    { kind: "link", from: "node1", to: "node3", set: { hold: false } },
    { kind: "client-get", client: "Carol", at: "node3", key: "post2", session: true },
    { kind: "await", at: "node3", has: ["post2", "reply2"] },
    { kind: "client-get", client: "Carol", at: "node3", key: "reply2", session: true },
    { kind: "client-get", client: "Carol", at: "node3", key: "post2", session: true },
    { kind: "settle" },
    { kind: "check", expect: { kind: "depends", write: "reply2", on: "post2" } },
    { kind: "check", expect: { kind: "buffered", at: "node3", write: "reply2", until: "post2" } },
    { kind: "check", expect: { kind: "clients", keys: ["post2", "reply2"], finds: [] } },
  ],
};

export const scenarios: readonly Scenario[] = [
  independentWrites,
  causalChain,
  concurrentWrites,
  outOfOrderArrival,
  partitionAndHeal,
  crashAndRecover,
  replyBeforePost,
];
