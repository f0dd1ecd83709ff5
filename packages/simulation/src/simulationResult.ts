/**
 * What a simulated run hands back: its plan, the trace of every replica's journal and final store,
 * each replica's end state, and the verdicts of the same checkers the dashboard uses on that trace.
 */
import {
  type ClientHistory,
  type ClientViolation,
  checkClientHistory,
  checkTrace,
  type Trace,
  type Violation,
} from "@causal-kv/checker";
import type {
  CausalReplica,
  DeliveryMode,
  JournalEvent,
  ReplicaId,
  ReplicaSnapshot,
} from "@causal-kv/core";
import type { ClientPlan } from "./clientPlan.js";
import type { FaultPlan } from "./faultPlan.js";
import type { SimulatedNode } from "./simulatedNode.js";

export interface SimulationResult {
  readonly seed: number;
  readonly mode: DeliveryMode;
  readonly plan: FaultPlan;
  readonly trace: Trace;
  /** Each replica's whole state at the end, as it would save it. */
  readonly endStates: Readonly<Record<ReplicaId, ReplicaSnapshot>>;
  readonly violations: readonly Violation[];
  /** With clients: their plan, what they saw, and what the client checker found in it. */
  readonly clients?: {
    readonly plan: ClientPlan;
    readonly contexts: boolean;
    readonly history: ClientHistory;
    readonly violations: readonly ClientViolation[];
  };
  readonly eventCount: number;
  /** Virtual time when the run was quiescent (or gave up waiting). */
  readonly endedAtMs: number;
}

/** How a run ended, before it is judged. */
export interface EndedRun {
  readonly seed: number;
  readonly mode: DeliveryMode;
  readonly plan: FaultPlan;
  readonly members: readonly ReplicaId[];
  readonly nodes: ReadonlyMap<ReplicaId, SimulatedNode>;
  readonly clients:
    | { readonly plan: ClientPlan; readonly contexts: boolean; readonly history: ClientHistory }
    | undefined;
  readonly endedAtMs: number;
}

/** Collects the run's trace and end states, and judges them as the dashboard would. */
export function simulationResult(run: EndedRun): SimulationResult {
  const journals: Record<ReplicaId, JournalEvent[]> = {};
  const stores: Record<ReplicaId, ReturnType<CausalReplica["storeSnapshot"]>> = {};
  const endStates: Record<ReplicaId, ReplicaSnapshot> = {};
  for (const [id, simulated] of run.nodes) {
    journals[id] = simulated.journal;
    endStates[id] = simulated.replica.snapshot();
    stores[id] = endStates[id].store;
  }
  const trace: Trace = { replicas: run.members, journals, stores };
  return {
    seed: run.seed,
    mode: run.mode,
    plan: run.plan,
    trace,
    endStates,
    violations: checkTrace(trace, { quiescent: true }),
    ...(run.clients
      ? { clients: { ...run.clients, violations: checkClientHistory(run.clients.history) } }
      : {}),
    eventCount: Object.values(journals).reduce((sum, journal) => sum + journal.length, 0),
    endedAtMs: run.endedAtMs,
  };
}
