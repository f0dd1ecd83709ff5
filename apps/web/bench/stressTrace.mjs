// A large, realistic trace for the dashboard benchmark: real core replicas (the built
// @causal-kv/core), writes at random replicas, deliveries in random order so writes wait in causal
// buffers, then everything delivered. Seeded, so every run measures the same trace.
import { CausalReplica, seededRandom } from "@causal-kv/core";

/** About `events` journal events on `count` replicas, as the protocol's trace shape. */
export function stressTrace(events, count = 3, seed = 7) {
  const { next: random } = seededRandom(seed);
  const ids = Array.from({ length: count }, (_, i) => `node${i + 1}`);
  const replicas = ids.map((id) => new CausalReplica({ id, members: ids }));
  const journals = Object.fromEntries(ids.map((id) => [id, []]));
  const inbox = ids.map(() => []);
  let now = Date.UTC(2026, 0, 1);
  let total = 0;
  const record = (id, list) => {
    journals[id].push(...list);
    total += list.length;
  };
  const deliver = (to, pick) => {
    const [message] = inbox[to].splice(pick, 1);
    if (message) record(ids[to], replicas[to].receive(message, now));
  };
  // A write costs 2 events here and 2 at each peer.
  const settleCost = () => inbox.reduce((n, queue) => n + queue.length * 2, 0);
  while (total + settleCost() < events) {
    now += 1 + Math.floor(random() * 3);
    const at = Math.floor(random() * count);
    if (random() < 0.34) {
      const { message, events: written } = replicas[at].write(
        `k${Math.floor(random() * 40)}`,
        `v${total}`,
        now,
      );
      record(ids[at], written);
      inbox.forEach((queue, i) => {
        if (i !== at) queue.push(message);
      });
    } else if (inbox[at].length > 0) {
      // Mostly the oldest, sometimes a later one: a little reordering, a little buffering.
      const pick = random() < 0.85 ? 0 : Math.floor(random() * inbox[at].length);
      deliver(at, pick);
    }
  }
  ids.forEach((_, i) => {
    while (inbox[i].length > 0) {
      now += 1;
      deliver(i, 0);
    }
  });
  return { trace: { replicas: ids, journals }, events: total };
}
