/**
 * Causal delivery throughput, worst case: three writers' history handed to a fourth replica in
 * reverse, so nearly every message is buffered and the last arrivals release the rest in one pass.
 * Run after `npm run build`; exits 1 unless every run delivered everything.
 */
import { CausalReplica } from "../dist/index.js";

const senders = ["node1", "node2", "node3"];
const members = [...senders, "node4"];
const sizes = [10_000, 100_000];
const runs = 5;
const targetPerSecond = 500_000;

/**
 * Round-robin writes. In round r each sender has seen every write of the others from earlier
 * rounds, so writes of one round are concurrent (siblings on the round's key) and the next round
 * resolves them.
 */
function history(n) {
  const messages = [];
  const expected = { node1: 0, node2: 0, node3: 0, node4: 0 };
  for (let i = 0; i < n; i++) {
    const origin = senders[i % senders.length];
    const round = Math.floor(i / senders.length);
    const clock = { node1: round, node2: round, node3: round, node4: 0 };
    clock[origin] = round + 1;
    expected[origin] = round + 1;
    messages.push({ origin, clock, key: `k${round % 100}`, value: `${origin}-${round}` });
  }
  return { messages, expected };
}

function deliverReversed(messages, expected) {
  const receiver = new CausalReplica({ id: "node4", members });
  const started = performance.now();
  for (let i = messages.length - 1; i >= 0; i--) receiver.receive(messages[i], i);
  const ms = performance.now() - started;
  const ok =
    receiver.bufferedWrites().length === 0 &&
    JSON.stringify(receiver.clock) === JSON.stringify(expected) &&
    JSON.stringify(receiver.delivered) === JSON.stringify(expected);
  return { ms, ok };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const results = [];
let allDelivered = true;
for (const n of sizes) {
  const { messages, expected } = history(n);
  allDelivered &&= deliverReversed(messages, expected).ok; // warm-up
  const times = [];
  for (let r = 0; r < runs; r++) {
    const { ms, ok } = deliverReversed(messages, expected);
    allDelivered &&= ok;
    times.push(ms);
  }
  const medianMs = median(times);
  results.push({ n, medianMs, msgsPerSec: Math.round(n / (medianMs / 1000)) });
}

const [small, large] = results;
const growth = large.medianMs / small.medianMs;
const meetsTarget = results.every((r) => r.msgsPerSec >= targetPerSecond);

console.log("messages  median ms  msgs/s");
for (const r of results) {
  console.log(
    `${String(r.n).padStart(8)}  ${r.medianMs.toFixed(1).padStart(9)}  ${String(r.msgsPerSec).padStart(9)}`,
  );
}
console.log(`growth time(${large.n})/time(${small.n}): ${growth.toFixed(2)} (linear ≈ 10)`);
console.log(
  JSON.stringify({
    bench: "deliveryThroughput",
    order: "reverse",
    runs,
    results: results.map((r) => ({ ...r, medianMs: Number(r.medianMs.toFixed(2)) })),
    growth: Number(growth.toFixed(2)),
    targetPerSecond,
    meetsTarget,
    allDelivered,
  }),
);
if (!allDelivered) {
  console.error("not every message was delivered: the buffer or the clock is wrong");
  process.exit(1);
}
