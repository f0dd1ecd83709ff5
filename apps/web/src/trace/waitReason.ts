/**
 * Why a write waits in a causal buffer, entry by entry: the delivery rule applied to the
 * message's clock and the receiver's clock of applied writes. From its origin j the write must be
 * the next one (applied[j] = V[j] − 1); from every other k, everything it saw (applied[k] ≥ V[k]).
 */
import { compareReplicaIds, type ReplicaId, type ReplicatedWrite } from "@causal-kv/core";

export interface WaitEntry {
  readonly id: ReplicaId;
  /** The message's clock entry. */
  readonly sent: number;
  /** How many of `id`'s writes the receiver has applied. */
  readonly has: number;
  /** How many it must have applied before this write. */
  readonly needs: number;
  readonly blocking: boolean;
}

export interface WaitReason {
  readonly entries: readonly WaitEntry[];
  /** "needs node1 ≥ 1, has 0", one per blocking entry. */
  readonly blocking: readonly string[];
  /** The rule, in one line, for this write's origin. */
  readonly rule: string;
}

export function waitReason(
  write: Pick<ReplicatedWrite, "origin" | "clock">,
  applied: Readonly<Record<ReplicaId, number>>,
): WaitReason {
  const ids = [...new Set([...Object.keys(write.clock), ...Object.keys(applied)])].sort(
    compareReplicaIds,
  );
  const entries = ids.map((id) => {
    const sent = write.clock[id] ?? 0;
    const has = applied[id] ?? 0;
    const needs = id === write.origin ? sent - 1 : sent;
    return { id, sent, has, needs, blocking: has < needs };
  });
  const blocking = entries
    .filter((e) => e.blocking)
    .map((e) =>
      e.id === write.origin
        ? `needs ${e.id} = ${e.needs} (its earlier writes first), has ${e.has}`
        : `needs ${e.id} ≥ ${e.needs}, has ${e.has}`,
    );
  const rule = `A write from ${write.origin} is applied when it is ${write.origin}'s next write and every other entry of its clock is ≤ the receiver's.`;
  return { entries, blocking, rule };
}
