/**
 * Causal delivery throughput, worst case: three writers' history handed to a fourth replica in
 * reverse, so nearly every message is buffered and the last arrivals release the rest in one pass.
 * The baseline, measured in the same run, is the same history handed over in causal order (nothing
 * is buffered). Run after `npm run build`; exits 1 unless every run delivered everything.
 */
import { ratioFigure, writeBenchReport } from "../../../scripts/benchReport.mjs";
import { CausalReplica } from "../dist/index.js";

const senders = ["node1", "node2", "node3"];
const members = [...senders, "node4"];
const sizes = [10_000, 100_000];
/** Timed runs per size: each size gets about a second of timing, so one pause cannot move the median. */
const runsFor = (n) => Math.max(5, Math.round(300_000 / n));
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

function deliver(messages, expected, order) {
  const receiver = new CausalReplica({ id: "node4", members });
  const started = performance.now();
  if (order === "reverse") {
    for (let i = messages.length - 1; i >= 0; i--) receiver.receive(messages[i], i);
  } else {
    for (let i = 0; i < messages.length; i++) receiver.receive(messages[i], i);
  }
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
// Warm the JIT on the largest history first, so the small size is not timed while it compiles.
const largest = history(sizes.at(-1));
for (const order of ["reverse", "causal"]) {
  allDelivered &&= deliver(largest.messages, largest.expected, order).ok;
}
for (const n of sizes) {
  const { messages, expected } = history(n);
  for (const order of ["reverse", "causal"]) {
    allDelivered &&= deliver(messages, expected, order).ok; // warm-up
    const times = [];
    for (let r = 0; r < runsFor(n); r++) {
      const { ms, ok } = deliver(messages, expected, order);
      allDelivered &&= ok;
      times.push(ms);
    }
    const medianMs = median(times);
    results.push({ n, order, medianMs, msgsPerSec: n / (medianMs / 1000) });
  }
}

const find = (n, order) => {
  const found = results.find((r) => r.n === n && r.order === order);
  if (!found) throw new Error(`no result for ${n} ${order}`);
  return found;
};
const growth = (order) => find(100_000, order).medianMs / find(10_000, order).medianMs;
const figures = [
  ...sizes.map((n) =>
    ratioFigure({
      name: `causal buffer, ${n / 1000}k reverse-ordered messages`,
      value: find(n, "reverse").msgsPerSec,
      unit: "msg/s",
      baselineName: "same messages in causal order",
      baselineValue: find(n, "causal").msgsPerSec,
      target: `≥ ${targetPerSecond / 1000}k msg/s`,
      pass: (_ratio, value) => value >= targetPerSecond,
    }),
  ),
  ratioFigure({
    name: "causal buffer growth, time(100k) / time(10k), reverse",
    value: growth("reverse"),
    unit: "×",
    baselineName: "the same growth in causal order",
    baselineValue: growth("causal"),
    // Linear means ×10 time for ×10 messages, as the in-order baseline does.
    target: "linear: ratio ≤ 1.5",
    pass: (ratio) => ratio <= 1.5,
  }),
];
writeBenchReport("core", figures, { runs: sizes.map(runsFor), sizes, allDelivered });
if (!allDelivered) {
  console.error("not every message was delivered: the buffer or the clock is wrong");
  process.exit(1);
}
