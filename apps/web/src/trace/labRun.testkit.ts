/**
 * Test fixtures: traces made by real core replicas (so every journal is one a replica could write),
 * driven by a script of writes and deliveries that fast-check can generate.
 */
import type { Trace } from "@causal-kv/checker";
import {
  CausalReplica,
  type DeliveryMode,
  type JournalEvent,
  type ReplicaId,
  type ReplicatedWrite,
} from "@causal-kv/core";
import fc from "fast-check";

export type RunStep =
  | { readonly kind: "write"; readonly at: number; readonly key: string }
  | { readonly kind: "deliver"; readonly to: number; readonly pick: number };

export class LabRun {
  readonly ids: ReplicaId[];
  private readonly replicas: CausalReplica[];
  private readonly journals = new Map<ReplicaId, JournalEvent[]>();
  /** Messages on their way, per destination index. */
  private readonly inbox: ReplicatedWrite[][];
  private now = 1000;

  constructor(count: number, mode: DeliveryMode = "causal") {
    this.ids = Array.from({ length: count }, (_, i) => `node${i + 1}`);
    this.replicas = this.ids.map((id) => new CausalReplica({ id, members: this.ids, mode }));
    this.inbox = this.ids.map(() => []);
    for (const id of this.ids) this.journals.set(id, []);
  }

  write(at: number, key: string, value = `v${this.now}`): ReplicatedWrite {
    const replica = this.replica(at);
    const { message, events } = replica.write(key, value, this.tick());
    this.record(replica.id, events);
    this.inbox.forEach((queue, i) => {
      if (i !== at) queue.push(message);
    });
    return message;
  }

  /** Delivers the `pick`-th (mod length) message waiting for replica `to`, if any. */
  deliver(to: number, pick = 0): void {
    const queue = this.inbox[to];
    if (!queue || queue.length === 0) return;
    const [message] = queue.splice(pick % queue.length, 1);
    if (message) this.record(this.replica(to).id, this.replica(to).receive(message, this.tick()));
  }

  /** Replica `at` comes back from a crash (its journal says restart; nothing is lost here). */
  restart(at: number): void {
    const replica = this.replica(at);
    this.record(replica.id, replica.restarted(this.tick()));
  }

  /** Replica `at` catches up from `from` by state transfer, as its link does when it falls behind. */
  catchUp(at: number, from: number): void {
    const replica = this.replica(at);
    const transfer = this.replica(from).stateTransfer();
    this.record(replica.id, replica.catchUp(transfer, this.replica(from).id, this.tick()));
  }

  deliverAll(): void {
    this.ids.forEach((_, i) => {
      while ((this.inbox[i]?.length ?? 0) > 0) this.deliver(i);
    });
  }

  run(steps: readonly RunStep[]): this {
    for (const step of steps)
      if (step.kind === "write") this.write(step.at % this.ids.length, step.key);
      else this.deliver(step.to % this.ids.length, step.pick);
    return this;
  }

  trace(): Trace {
    return { replicas: this.ids, journals: Object.fromEntries(this.journals) };
  }

  private tick(): number {
    this.now += 7;
    return this.now;
  }

  private replica(index: number): CausalReplica {
    const replica = this.replicas[index];
    if (!replica) throw new Error(`no replica #${index}`);
    return replica;
  }

  private record(id: ReplicaId, events: readonly JournalEvent[]): void {
    this.journals.get(id)?.push(...events);
  }
}

export const runSteps = fc.array(
  fc.oneof(
    fc.record({
      kind: fc.constant("write" as const),
      at: fc.nat(3),
      key: fc.constantFrom("x", "y", "z"),
    }),
    fc.record({ kind: fc.constant("deliver" as const), to: fc.nat(3), pick: fc.nat(5) }),
  ),
  { maxLength: 40 },
);
