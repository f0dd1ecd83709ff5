/**
 * A teaching scenario is data: a title, what it shows, and steps a runner carries out against a
 * real cluster. Writes get labels, so later steps and checks can name them ("y waits for x").
 */
import type { ClientViolationKind } from "@causal-kv/checker";
import type { ReplicaId } from "@causal-kv/core";
import type { LinkUpdate } from "@causal-kv/protocol";

export type ScenarioStep =
  /**
   * Tells the learner what is about to happen and what to watch; `naive` is said instead in a run
   * with naive delivery, where what to watch is different (nothing waits in a buffer).
   */
  | { readonly kind: "say"; readonly text: string; readonly naive?: string }
  | {
      readonly kind: "link";
      readonly from: ReplicaId;
      readonly to: ReplicaId;
      readonly set: LinkUpdate;
      readonly both?: boolean;
    }
  /** Every link back to healthy. */
  | { readonly kind: "heal" }
  | {
      readonly kind: "put";
      readonly at: ReplicaId;
      readonly key: string;
      readonly value: string;
      readonly label: string;
    }
  /**
   * A named client's write or read at `at`, in its causal session (`session`: its context goes
   * with every request, and the replica waits for it) or without one.
   */
  | {
      readonly kind: "client-put";
      readonly client: string;
      readonly at: ReplicaId;
      readonly key: string;
      readonly value: string;
      readonly label: string;
      readonly session: boolean;
    }
  | {
      readonly kind: "client-get";
      readonly client: string;
      readonly at: ReplicaId;
      readonly key: string;
      readonly session: boolean;
    }
  /** Waits until `at` has applied the labelled writes. */
  | { readonly kind: "await"; readonly at: ReplicaId; readonly has: readonly string[] }
  /** Waits until the labelled write has reached `at`: applied, or waiting in its buffer. */
  | { readonly kind: "await-arrived"; readonly at: ReplicaId; readonly write: string }
  /** Waits until `from` holds this many messages for `to`, then releases them newest first. */
  | {
      readonly kind: "release-newest-first";
      readonly from: ReplicaId;
      readonly to: ReplicaId;
      readonly count: number;
    }
  /** Waits until `from` holds the message carrying the labelled write for `to`, then releases it. */
  | {
      readonly kind: "release";
      readonly from: ReplicaId;
      readonly to: ReplicaId;
      readonly write: string;
    }
  /** The same, but drops it: the sender sends it again once its link lets it through. */
  | {
      readonly kind: "drop";
      readonly from: ReplicaId;
      readonly to: ReplicaId;
      readonly write: string;
    }
  | { readonly kind: "pause"; readonly ms: number }
  /**
   * A question asked before its answer happens ("Will node3 apply y now?"): viewers answer, the
   * run waits for the teacher's Next, then goes on and shows what really happens. `naive` holds the
   * answer (and why) of a run with naive delivery, where it differs.
   */
  | {
      readonly kind: "ask";
      readonly question: string;
      readonly choices: readonly string[];
      readonly answer: string;
      readonly explanation: string;
      readonly naive?: { readonly answer: string; readonly explanation: string };
    }
  /** Kills the replica's process at once (as kill -9 would); its supervisor starts it again. */
  | { readonly kind: "crash"; readonly replica: ReplicaId }
  | { readonly kind: "await-up"; readonly replica: ReplicaId }
  /** Waits until nothing is in flight or buffered and every replica has every write. */
  | { readonly kind: "settle" }
  | { readonly kind: "check"; readonly expect: Expectation };

export type Expectation =
  /** `at` buffered `write` and delivered it only after `until`. */
  | {
      readonly kind: "buffered";
      readonly at: ReplicaId;
      readonly write: string;
      readonly until: string;
    }
  /** Every replica holds `count` siblings for `key`. */
  | { readonly kind: "siblings"; readonly key: string; readonly count: number }
  /** `replica` came back from a crash and caught up. */
  | { readonly kind: "restarted"; readonly replica: ReplicaId }
  /** The labelled writes are pairwise concurrent: none had seen another when it was made. */
  | { readonly kind: "concurrent"; readonly writes: readonly string[] }
  /** `write`'s clock counts `on`: its replica had `on` when it made it. */
  | { readonly kind: "depends"; readonly write: string; readonly on: string }
  /**
   * The client checker, on what the clients saw of `keys`, finds exactly these kinds of violation
   * (none: every client saw causal order).
   */
  | {
      readonly kind: "clients";
      readonly keys: readonly string[];
      readonly finds: readonly ClientViolationKind[];
    };

export interface Scenario {
  readonly id: string;
  /** The button's label: what it does. */
  readonly title: string;
  /** One sentence on what it teaches. */
  readonly summary: string;
  /** How many replicas it needs (node1..nodeN). */
  readonly replicas: number;
  readonly steps: readonly ScenarioStep[];
}

/** The step of one kind, as the runner's step functions take it. */
export type ScenarioStepOf<K extends ScenarioStep["kind"]> = Extract<ScenarioStep, { kind: K }>;
