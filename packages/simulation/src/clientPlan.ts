/**
 * The simulated clients of one run, drawn up front from their own seeded stream (so a run with
 * clients has the same fault plan as one without): a few sessions, each a sequence of reads,
 * writes and deletes, every one at a replica drawn afresh, so clients hop between replicas.
 */
import type { Random, ReplicaId } from "@causal-kv/core";

export interface PlannedClientOperation {
  readonly kind: "read" | "write" | "delete";
  readonly replica: ReplicaId;
  readonly key: string;
  /** Pause after the previous operation answered (or gave up) before this one starts. */
  readonly thinkMs: number;
}

export interface PlannedClient {
  readonly name: string;
  readonly operations: readonly PlannedClientOperation[];
}

export interface ClientPlan {
  readonly clients: readonly PlannedClient[];
  /** How long a replica waits for a client's context before answering context-not-reached. */
  readonly waitMs: number;
  /** No operation starts after this. */
  readonly endMs: number;
}

export function drawClientPlan(
  random: Random,
  members: readonly ReplicaId[],
  durationMs: number,
): ClientPlan {
  const keys = ["x", "y", "z", "w"];
  const clients = Array.from({ length: random.int(2, 4) }, (_, i) => ({
    name: `client${i + 1}`,
    operations: Array.from({ length: random.int(10, 40) }, () => {
      const draw = random.next();
      return {
        kind:
          draw < 0.55 ? ("read" as const) : draw < 0.95 ? ("write" as const) : ("delete" as const),
        replica: random.pick(members),
        key: random.pick(keys),
        thinkMs: random.int(0, 80),
      };
    }),
  }));
  return { clients, waitMs: 2000, endMs: durationMs };
}
