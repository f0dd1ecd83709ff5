/**
 * The links between simulated replicas, as the fault plan draws them: each message is delayed,
 * jittered, lost, duplicated or cut off by a partition. It counts what is still in flight, so the
 * run knows when it is quiescent; every draw is from the run's fault stream, in sending order.
 */
import type { Random, ReplicaId, ReplicatedWrite, StateTransfer } from "@causal-kv/core";
import { type FaultPlan, linkName } from "./faultPlan.js";

/** What crosses a link: writes, an acknowledgement of them, or a whole state for catch-up. */
export type Payload =
  | { readonly kind: "writes"; readonly writes: readonly ReplicatedWrite[] }
  | { readonly kind: "ack"; readonly count: number }
  | { readonly kind: "state"; readonly transfer: StateTransfer };

/** One copy of a payload reaching the end of its link. */
export interface Arrival {
  readonly kind: "arrive";
  readonly from: ReplicaId;
  readonly to: ReplicaId;
  readonly payload: Payload;
}

export class SimulatedNetwork {
  private copiesInFlight = 0;

  constructor(
    private readonly plan: FaultPlan,
    private readonly random: Random,
    private readonly schedule: (atMs: number, arrival: Arrival) => void,
  ) {}

  /** Copies sent and not yet arrived. */
  get inFlight(): number {
    return this.copiesInFlight;
  }

  transmit(now: number, from: ReplicaId, to: ReplicaId, payload: Payload): void {
    const faults = this.plan.links[linkName(from, to)];
    if (!faults || partitioned(this.plan, from, to, now) || this.random.chance(faults.dropRate))
      return;
    const copies = this.random.chance(faults.duplicateRate) ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      this.copiesInFlight++;
      this.schedule(now + faults.delayMs + this.random.next() * faults.jitterMs, {
        kind: "arrive",
        from,
        to,
        payload,
      });
    }
  }

  /** A copy arrived, whether or not its receiver was up to take it. */
  arrived(): void {
    this.copiesInFlight--;
  }
}

function partitioned(plan: FaultPlan, from: ReplicaId, to: ReplicaId, now: number): boolean {
  return plan.partitions.some(
    (p) => p.from === from && p.to === to && p.startMs <= now && now < p.endMs,
  );
}
