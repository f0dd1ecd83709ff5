/**
 * Test harness: a cluster of the core's pure CausalReplicas whose messages the test carries by
 * hand, in any order, so verdicts can be checked on journals written exactly as a replica would.
 */
import type { Trace } from "@causal-kv/checker";
import {
  CausalReplica,
  type DeliveryMode,
  type JournalEvent,
  type ReplicaId,
  type ReplicatedWrite,
  type WriteId,
  writeId,
} from "@causal-kv/core";
import type { StatusResponse } from "@causal-kv/protocol";

export class PureCluster {
  private readonly replicas = new Map<ReplicaId, CausalReplica>();
  private readonly journals = new Map<ReplicaId, JournalEvent[]>();
  /** Scenario labels of the writes made so far, as runScenario keeps them. */
  readonly labels = new Map<string, WriteId>();
  private now = 1_000;

  constructor(
    readonly ids: readonly ReplicaId[],
    modes: Readonly<Record<ReplicaId, DeliveryMode>> = {},
  ) {
    for (const id of ids) {
      this.replicas.set(id, new CausalReplica({ id, members: ids, mode: modes[id] ?? "causal" }));
      this.journals.set(id, []);
    }
  }

  /** A client write at `at`, labelled; the returned message is for the test to deliver. */
  put(at: ReplicaId, key: string, value: string | null, label: string): ReplicatedWrite {
    const { message, events } = this.replica(at).write(key, value, this.now);
    this.record(at, events);
    this.labels.set(label, writeId(message));
    return message;
  }

  /** The message arrives at `to`. */
  deliver(to: ReplicaId, message: ReplicatedWrite): void {
    this.record(to, this.replica(to).receive(message, this.now));
  }

  /** Lets time pass, so buffered writes show how long they waited. */
  wait(ms: number): void {
    this.now += ms;
  }

  /** The replica dies and comes back from its snapshot, as from its database. */
  restart(id: ReplicaId): void {
    const restored = CausalReplica.restore(this.replica(id).snapshot());
    this.replicas.set(id, restored);
    this.record(id, restored.restarted(this.now));
  }

  trace(): Trace {
    return {
      replicas: this.ids,
      journals: Object.fromEntries(this.ids.map((id) => [id, this.journals.get(id) ?? []])),
      stores: Object.fromEntries(this.ids.map((id) => [id, this.replica(id).storeSnapshot()])),
    };
  }

  /** What each replica's GET /status would say. */
  statuses(): StatusResponse[] {
    return this.ids.map((id) => {
      const replica = this.replica(id);
      const store = Object.entries(replica.storeSnapshot()).map(([key, siblings]) => [
        key,
        siblings.map((sibling) => ({ ...sibling, clock: { ...sibling.clock } })),
      ]);
      return {
        id,
        epoch: 0,
        members: [...this.ids],
        mode: replica.mode,
        clock: { ...replica.clock },
        applied: Object.fromEntries(
          Object.entries(replica.appliedWrites()).map(([origin, { prefix, beyond }]) => [
            origin,
            { prefix, beyond: [...beyond] },
          ]),
        ),
        store: Object.fromEntries(store),
        buffer: replica.bufferedWrites().map((entry) => ({
          ...entry.message,
          clock: { ...entry.message.clock },
          arrivedAt: entry.arrivedAt,
          waitingFor: [...entry.waitingFor],
        })),
        links: {},
        unacknowledged: {},
      };
    });
  }

  private replica(id: ReplicaId): CausalReplica {
    const replica = this.replicas.get(id);
    if (!replica) throw new Error(`no replica ${id}`);
    return replica;
  }

  private record(id: ReplicaId, events: readonly JournalEvent[]): void {
    this.journals.get(id)?.push(...events);
  }
}
