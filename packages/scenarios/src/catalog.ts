/**
 * The lab's scenarios, each a scenario file in lessons/ read through the one schema: the four of
 * the original course, a partition and a crash, and the reply before the post, which shows what
 * the replicas' causal delivery cannot prevent alone. Their slow and held links are what make each
 * lesson happen whatever the machine's pace (without independent-writes' slow link, x would reach
 * node2 before y is written; reply-before-post's links hold, not only slow).
 */
import causalChainFile from "./lessons/causal-chain.json" with { type: "json" };
import concurrentWritesFile from "./lessons/concurrent-writes.json" with { type: "json" };
import crashAndRecoverFile from "./lessons/crash-and-recover.json" with { type: "json" };
import independentWritesFile from "./lessons/independent-writes.json" with { type: "json" };
import outOfOrderArrivalFile from "./lessons/out-of-order-arrival.json" with { type: "json" };
import partitionAndHealFile from "./lessons/partition-and-heal.json" with { type: "json" };
import replyBeforePostFile from "./lessons/reply-before-post.json" with { type: "json" };
import type { Scenario } from "./scenario.js";
import { scenarioFromFile } from "./scenarioFromFile.js";

export const independentWrites = scenarioFromFile(independentWritesFile, "independent-writes.json");
export const causalChain = scenarioFromFile(causalChainFile, "causal-chain.json");
export const concurrentWrites = scenarioFromFile(concurrentWritesFile, "concurrent-writes.json");
export const outOfOrderArrival = scenarioFromFile(
  outOfOrderArrivalFile,
  "out-of-order-arrival.json",
);
export const partitionAndHeal = scenarioFromFile(partitionAndHealFile, "partition-and-heal.json");
export const crashAndRecover = scenarioFromFile(crashAndRecoverFile, "crash-and-recover.json");
/** The anomaly of causal sessions (see the README), played without sessions and then with them. */
export const replyBeforePost = scenarioFromFile(replyBeforePostFile, "reply-before-post.json");

export const scenarios: readonly Scenario[] = [
  independentWrites,
  causalChain,
  concurrentWrites,
  outOfOrderArrival,
  partitionAndHeal,
  crashAndRecover,
  replyBeforePost,
];
