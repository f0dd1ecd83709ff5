/** A replica's stream as the store takes it, for the lab store's tests: node1's status and events. */
import type { StreamSnapshot } from "@causal-kv/protocol";

/** node1 in epoch 2 of a two-replica cluster, empty, as its snapshot reports it. */
export const node1Status = {
  id: "node1",
  epoch: 2,
  members: ["node1", "node2"],
  mode: "causal" as const,
  clock: { node1: 0, node2: 0 },
  store: {},
  buffer: [],
  links: {},
  applied: {},
  unacknowledged: {},
};

/** node1's journal event `seq`: a restart, the smallest event there is. */
export const restartEvent = (seq: number): StreamSnapshot["events"][number] => ({
  seq,
  time: seq,
  replica: "node1",
  clock: {},
  type: "restart",
});
