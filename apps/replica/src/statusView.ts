/** `GET /status` from a replica's parts: everything in canonical order, as the core keeps it. */
import type { CausalReplica, Outbox, ReplicaId } from "@causal-kv/core";
import type { LinkSettings, StatusResponse } from "@causal-kv/protocol";

export interface StatusParts {
  readonly id: ReplicaId;
  readonly epoch: number;
  readonly members: readonly ReplicaId[];
  readonly peers: readonly ReplicaId[];
  readonly replica: CausalReplica;
  readonly outbox: Outbox;
  readonly links: Record<ReplicaId, LinkSettings>;
  /** Peers the rejoin gate still waits for (rejoinGate.ts). */
  readonly rejoining: readonly ReplicaId[];
}

export function statusView(parts: StatusParts): StatusResponse {
  const { replica, outbox } = parts;
  // Keys are data: "__proto__" must be an entry of the store, not its prototype.
  const store: StatusResponse["store"] = Object.create(null);
  for (const [key, siblings] of Object.entries(replica.storeSnapshot())) store[key] = [...siblings];
  const applied: StatusResponse["applied"] = {};
  for (const [id, { prefix, beyond }] of Object.entries(replica.appliedWrites())) {
    applied[id] = { prefix, beyond: [...beyond] };
  }
  return {
    id: parts.id,
    epoch: parts.epoch,
    members: [...parts.members],
    mode: replica.mode,
    clock: replica.clock,
    applied,
    store,
    buffer: replica.bufferedWrites().map((entry) => ({
      origin: entry.message.origin,
      clock: entry.message.clock,
      key: entry.message.key,
      value: entry.message.value,
      arrivedAt: entry.arrivedAt,
      waitingFor: [...entry.waitingFor],
    })),
    links: parts.links,
    rejoining: [...parts.rejoining],
    unacknowledged: Object.fromEntries(
      parts.peers.map((peer) => [peer, outbox.unacknowledged(peer).length]),
    ),
  };
}
