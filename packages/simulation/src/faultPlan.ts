/**
 * Everything random about one simulated run, drawn up front from its seed: client writes, each
 * directed link's delay, jitter, loss and duplication, partitions that heal, and crash-restarts.
 */
import type { Random, ReplicaId } from "@causal-kv/core";

export interface LinkFaults {
  readonly delayMs: number;
  readonly jitterMs: number;
  readonly dropRate: number;
  readonly duplicateRate: number;
}

export interface Partition {
  readonly from: ReplicaId;
  readonly to: ReplicaId;
  readonly startMs: number;
  readonly endMs: number;
}

export interface Crash {
  readonly replica: ReplicaId;
  readonly atMs: number;
  readonly downMs: number;
}

export interface ClientWrite {
  readonly atMs: number;
  readonly replica: ReplicaId;
  readonly key: string;
  /** `null` deletes the key. */
  readonly value: string | null;
}

export interface FaultPlan {
  readonly durationMs: number;
  readonly retransmitMs: number;
  readonly links: Readonly<Record<string, LinkFaults>>;
  readonly partitions: readonly Partition[];
  readonly crashes: readonly Crash[];
  readonly writes: readonly ClientWrite[];
}

export function linkName(from: ReplicaId, to: ReplicaId): string {
  return `${from}->${to}`;
}

export function drawFaultPlan(random: Random, members: readonly ReplicaId[]): FaultPlan {
  const durationMs = 2000;
  const links: Record<string, LinkFaults> = {};
  for (const from of members) {
    for (const to of members) {
      if (from === to) continue;
      links[linkName(from, to)] = {
        delayMs: random.int(1, 60),
        jitterMs: random.int(0, 150),
        dropRate: random.chance(0.5) ? random.next() * 0.3 : 0,
        duplicateRate: random.chance(0.5) ? random.next() * 0.2 : 0,
      };
    }
  }
  const partitions: Partition[] = [];
  for (let i = random.int(0, 3); i > 0; i--) {
    const from = random.pick(members);
    const to = random.pick(members.filter((id) => id !== from));
    const startMs = random.int(0, durationMs - 200);
    const endMs = Math.min(durationMs, startMs + random.int(100, 900));
    partitions.push({ from, to, startMs, endMs });
    if (random.chance(0.5)) partitions.push({ from: to, to: from, startMs, endMs });
  }
  const crashes: Crash[] = [];
  for (let i = random.int(0, 2); i > 0; i--) {
    const atMs = random.int(0, durationMs - 300);
    crashes.push({ replica: random.pick(members), atMs, downMs: random.int(20, 300) });
  }
  const keys = ["x", "y", "z", "w"].slice(0, random.int(1, 4));
  const times = Array.from({ length: random.int(15, 70) }, () => random.int(0, durationMs));
  // Values are numbered in time order, so `v7` was written before `v8`.
  const writes: ClientWrite[] = times
    .sort((a, b) => a - b)
    .map((atMs, i) => ({
      atMs,
      replica: random.pick(members),
      key: random.pick(keys),
      value: random.chance(0.1) ? null : `v${i + 1}`,
    }));
  return { durationMs, retransmitMs: random.int(80, 250), links, partitions, crashes, writes };
}
