/**
 * Pure geometry of the clients' lanes, in data units (lane index, milliseconds): one lane per
 * named client above the replicas', and for each request an arrow down to the replica that served
 * it and one back up with the answer. A write's arrow reaches its replica at the write's journal
 * event, so a replica that waited for the client's context shows as a long slanted arrow; a read
 * has no event, so its arrow reaches the replica when it answered.
 */
import { compareReplicaIds, type JournalEvent, type ReplicaId, writeId } from "@causal-kv/core";
import type { ClientExchange } from "@causal-kv/scenarios";

export interface ClientRequest {
  readonly exchange: ClientExchange;
  readonly clientLane: number;
  /** The replica's lane among the replicas' (below the clients'). */
  readonly replicaLane: number;
  readonly sentAt: number;
  /** When the replica served it: the write's event, or the answer; absent while it waits. */
  readonly servedAt?: number;
  readonly answeredAt?: number;
  readonly failed: boolean;
}

export interface ClientLayout {
  readonly clients: readonly string[];
  readonly requests: readonly ClientRequest[];
}

/** Alice, Bob and Carol first, in that order, then any other client by name. */
const knownOrder = ["Alice", "Bob", "Carol"];

export function layoutClients(
  exchanges: readonly ClientExchange[],
  replicaLanes: readonly ReplicaId[],
  events: readonly JournalEvent[],
): ClientLayout {
  const clients = [...new Set(exchanges.map((exchange) => exchange.client))].sort(
    (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0),
  );
  const writeTimes = new Map<string, number>();
  for (const event of events) {
    if (event.type === "write") writeTimes.set(writeId(event.message), event.time);
  }
  const lanes = [...replicaLanes].sort(compareReplicaIds);
  const requests: ClientRequest[] = [];
  for (const exchange of exchanges) {
    const replicaLane = lanes.indexOf(exchange.replica);
    if (replicaLane < 0) continue;
    const { answer } = exchange;
    const written = answer?.written && writeTimes.get(writeId(answer.written));
    const servedAt = written ?? (answer && !answer.error ? answer.at : undefined);
    requests.push({
      exchange,
      clientLane: clients.indexOf(exchange.client),
      replicaLane,
      sentAt: exchange.sentAt,
      ...(servedAt === undefined ? {} : { servedAt }),
      ...(answer ? { answeredAt: answer.at } : {}),
      failed: answer?.error !== undefined,
    });
  }
  return { clients, requests };
}

function rank(client: string): number {
  const at = knownOrder.indexOf(client);
  return at < 0 ? knownOrder.length : at;
}
