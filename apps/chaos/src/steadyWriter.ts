/**
 * The soak's client: writes at a steady rate to replicas drawn from the seed, over a few keys so
 * concurrent writes leave siblings, each value unique. A write is acknowledged only by a 200 with
 * its clock. Without an answer, the registry's `definite` tells the two cases apart: a replica
 * nothing reached certainly wrote nothing; a reset or timeout after sending is indefinite: it may
 * or may not have been applied, so it is neither required nor counted as lost.
 */
import { ReplicaClient, ReplicaError } from "@causal-kv/client";
import type { Random, VectorClock } from "@causal-kv/core";

export interface AcknowledgedWrite {
  /** `origin:seq`, as the journals name it. */
  readonly id: string;
  readonly replica: string;
  readonly key: string;
  readonly value: string | null;
  readonly clock: VectorClock;
}

export interface IndefiniteWrite {
  readonly replica: string;
  readonly key: string;
  readonly value: string | null;
  readonly reason: string;
}

export interface WriterTally {
  readonly sent: number;
  readonly acknowledged: readonly AcknowledgedWrite[];
  /** Nothing reached the replica (it was down), so it wrote nothing. */
  readonly refused: number;
  /** A replica that was up refused a valid write (an error status, or an answer unlike the API). */
  readonly rejected: readonly string[];
  readonly indefinite: readonly IndefiniteWrite[];
  /** Ticks skipped because too many writes were still waiting for an answer. */
  readonly skipped: number;
}

export interface WriterOptions {
  /** Each replica with the token it takes (its ADMIN_TOKEN), if it needs one. */
  readonly replicas: readonly {
    readonly id: string;
    readonly url: string;
    readonly token?: string | undefined;
  }[];
  /** Writes per second over all replicas. */
  readonly rate: number;
  readonly random: Random;
  readonly keys?: number;
  readonly timeoutMs?: number;
}

const maxInFlight = 64;
const deleteShare = 0.05;

export interface SteadyWriter {
  /** Stops writing and resolves once every write in flight has its outcome. */
  stop(): Promise<WriterTally>;
}

export function startWriter(options: WriterOptions): SteadyWriter {
  const { random, rate } = options;
  const keys = Array.from({ length: options.keys ?? 5 }, (_, i) => `k${i}`);
  const timeoutMs = options.timeoutMs ?? 5000;
  const acknowledged: AcknowledgedWrite[] = [];
  const rejected: string[] = [];
  const indefinite: IndefiniteWrite[] = [];
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  let refused = 0;
  let skipped = 0;
  let stopped = false;

  const write = async (
    replica: WriterOptions["replicas"][number],
    key: string,
    value: string | null,
  ) => {
    const client = new ReplicaClient(replica.url, { timeoutMs, token: replica.token });
    try {
      const written = value === null ? await client.delete(key) : await client.put(key, value);
      const seq = written.clock[written.origin] ?? 0;
      acknowledged.push({
        id: `${written.origin}:${seq}`,
        replica: replica.id,
        key: written.key,
        value: written.value,
        clock: written.clock,
      });
    } catch (error) {
      // A replica that answered a valid write with an error is a finding, whatever the code.
      if (!(error instanceof ReplicaError)) rejected.push(`${replica.id}: ${String(error)}`);
      else if (error.answered) rejected.push(`${replica.id}: ${error.status} ${error.message}`);
      else if (error.definite) refused++;
      else indefinite.push({ replica: replica.id, key, value, reason: error.message });
    }
  };

  const loop = async () => {
    const intervalMs = 1000 / rate;
    const startedAt = performance.now();
    for (let tick = 0; !stopped; tick++) {
      const wait = startedAt + tick * intervalMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (stopped) break;
      // The draws happen on every tick, so the sequence of writes depends on the seed alone.
      const replica = random.pick(options.replicas);
      const key = random.pick(keys);
      const value = random.chance(deleteShare) ? null : `${replica.id}.${tick}`;
      if (inFlight.size >= maxInFlight) {
        skipped++;
        continue;
      }
      sent++;
      const pending = write(replica, key, value).finally(() => inFlight.delete(pending));
      inFlight.add(pending);
    }
  };
  const running = loop();

  return {
    async stop() {
      stopped = true;
      await running;
      await Promise.all(inFlight);
      return { sent, acknowledged, refused, rejected, indefinite, skipped };
    },
  };
}
