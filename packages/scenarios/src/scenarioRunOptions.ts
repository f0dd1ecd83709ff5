/**
 * How a caller shapes one scenario run: its delivery mode, pace, time limit and link control.
 * Every option may be left out; the run then goes causal, at full speed, straight to the replicas.
 */
import type { DeliveryMode, ReplicaId } from "@causal-kv/core";
import type { LinkUpdate } from "@causal-kv/protocol";
import type { RunPacer } from "./runPacer.js";

export interface ScenarioRunOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /**
   * How every replica delivers during the run: `causal` (the default, what the scenarios teach)
   * or `naive`, to show what goes wrong without the causal buffer; the verdict then says so.
   */
  readonly delivery?: DeliveryMode;
  /** The teacher's pace: pause, step, speed. Without one the run goes at full speed. */
  readonly pacer?: RunPacer;
  /**
   * How the run's link steps are carried out; by default straight to the sending replica. The lab
   * server passes its own, which keeps links held while it freezes them.
   */
  readonly setLink?: (from: ReplicaId, to: ReplicaId, update: LinkUpdate) => Promise<void>;
  /** Once the cluster is reset and in the run's mode, before the first step (a reset heals links). */
  readonly prepared?: () => Promise<void>;
}
