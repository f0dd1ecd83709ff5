/**
 * The soak's clients: several causal sessions that hop between replicas drawn from the seed. At a
 * steady rate an idle session writes (a unique value; now and then a delete) and then reads a key
 * at another replica, each request carrying its context. A write is acknowledged only by a 200
 * with its clock. A 503 context-not-reached certainly wrote nothing; without an answer, the
 * registry's `definite` tells a replica nothing reached (it wrote nothing) from a reset or timeout
 * after sending, which is indefinite: the session goes on under a new name, since its context lacks
 * that write. What the sessions saw is a client history for the client checker.
 */
import type { ClientHistory, ClientOperation } from "@causal-kv/checker";
import { ContextNotReachedError, ReplicaClient, ReplicaError, Session } from "@causal-kv/client";
import type { Random, VectorClock } from "@causal-kv/core";
import { maxValueBytes } from "@causal-kv/protocol";

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
  /** Writes a replica back on an empty disk refused as `rejoining` (nothing written). */
  readonly rejoining: number;
  /** A replica that was up refused a valid request (an error status, or an answer unlike the API). */
  readonly rejected: readonly string[];
  readonly indefinite: readonly IndefiniteWrite[];
  /** Ticks skipped because every session was still busy. */
  readonly skipped: number;
  /** Reads answered, and requests (reads and writes) a replica could not serve in their context. */
  readonly reads: number;
  readonly notReached: number;
  /** What every session saw, in order. */
  readonly history: ClientHistory;
}

/** A replica with the token it takes (its ADMIN_TOKEN), if it needs one. */
export interface WriterReplica {
  readonly id: string;
  readonly url: string;
  readonly token?: string | undefined;
}

export interface WriterOptions {
  readonly replicas: readonly WriterReplica[];
  /** Writes per second over all sessions; each is followed by a read. */
  readonly rate: number;
  readonly random: Random;
  readonly sessions?: number;
  readonly timeoutMs?: number;
}

/** Written and read; never deleted, so a read that finds nothing found no tombstone either. */
const readKeys = ["k0", "k1", "k2", "k3", "k4"];
/** Written and deleted, never read: a 404 does not say which tombstone it found. */
const deleteKeys = ["d0", "d1"];
const deleteShare = 0.05;
/** Shorter than a replica's default: a session stuck behind a partition gives up sooner. */
const contextWaitMs = 1000;

export interface SteadyWriter {
  /** While on, a share of the writes carry values of a mebibyte (`maxValueBytes`). */
  setLargeValues(on: boolean): void;
  /**
   * Sends nothing more to `replica` (a disk about to be wiped) until it is included again;
   * resolves once no request to it is in flight.
   */
  exclude(replica: string): Promise<void>;
  include(replica: string): void;
  /** Stops writing and resolves once every request in flight has its outcome. */
  stop(): Promise<WriterTally>;
}

/** Of the writes made while large values are on, this share carries one. */
const largeValueShare = 0.2;

/** `name` padded to exactly `maxValueBytes` (ASCII), so it stays unique and is as large as allowed. */
export function largeValue(name: string): string {
  return `${name}.`.padEnd(maxValueBytes, "x");
}

interface SessionState {
  readonly base: string;
  /** Its name in the history: a new one after an indefinite write. */
  name: string;
  restarts: number;
  readonly session: Session;
  busy: boolean;
}

export function startWriter(options: WriterOptions): SteadyWriter {
  const { random, rate } = options;
  const timeoutMs = options.timeoutMs ?? 5000;
  const acknowledged: AcknowledgedWrite[] = [];
  const rejected: string[] = [];
  const indefinite: IndefiniteWrite[] = [];
  const history: Record<string, ClientOperation[]> = {};
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  let refused = 0;
  let rejoining = 0;
  let skipped = 0;
  let reads = 0;
  let notReached = 0;
  let stopped = false;
  let largeValues = false;
  const excluded = new Set<string>();
  /** Requests in flight per replica, and who waits for one to have none. */
  const requestsInFlight = new Map<string, number>();
  const drainWaiters = new Map<string, (() => void)[]>();
  const tracked = async <T>(replica: string, request: () => Promise<T>): Promise<T> => {
    requestsInFlight.set(replica, (requestsInFlight.get(replica) ?? 0) + 1);
    try {
      return await request();
    } finally {
      const left = (requestsInFlight.get(replica) ?? 1) - 1;
      requestsInFlight.set(replica, left);
      if (left === 0) for (const wake of drainWaiters.get(replica)?.splice(0) ?? []) wake();
    }
  };
  /** `drawn`, or the next replica after it that is not excluded. */
  const reachable = (drawn: WriterReplica) => {
    const start = options.replicas.indexOf(drawn);
    return options.replicas
      .map((_, i) => options.replicas[(start + i) % options.replicas.length])
      .find((replica) => replica !== undefined && !excluded.has(replica.id));
  };
  const sessions: SessionState[] = Array.from({ length: options.sessions ?? 48 }, (_, i) => ({
    base: `session${i + 1}`,
    name: `session${i + 1}`,
    restarts: 0,
    session: new Session({ waitMs: contextWaitMs }),
    busy: false,
  }));
  const record = (state: SessionState, operation: ClientOperation) => {
    history[state.name] ??= [];
    history[state.name]?.push(operation);
  };

  const clientOf = (replica: WriterReplica) =>
    new ReplicaClient(replica.url, { timeoutMs, token: replica.token });

  const write = async (
    state: SessionState,
    replica: WriterReplica,
    key: string,
    value: string | null,
  ) => {
    sent++;
    const client = clientOf(replica);
    try {
      const written = await tracked(replica.id, () =>
        value === null ? state.session.delete(client, key) : state.session.put(client, key, value),
      );
      const seq = written.clock[written.origin] ?? 0;
      acknowledged.push({
        id: `${written.origin}:${seq}`,
        replica: replica.id,
        key: written.key,
        value: written.value,
        clock: written.clock,
      });
      if (value !== null) {
        record(state, { type: "write", key, value, clock: written.clock, replica: replica.id });
      }
    } catch (error) {
      // A replica that answered a valid write with an error is a finding, whatever the code.
      if (error instanceof ContextNotReachedError) notReached++;
      else if (!(error instanceof ReplicaError)) rejected.push(`${replica.id}: ${String(error)}`);
      else if (error.code === "rejoining") rejoining++;
      else if (error.answered) rejected.push(`${replica.id}: ${error.status} ${error.message}`);
      else if (error.definite) refused++;
      else {
        indefinite.push({ replica: replica.id, key, value, reason: error.message });
        if (value !== null) {
          record(state, { type: "write", key, value, uncertain: true, replica: replica.id });
        }
        // Its context lacks the write: what it reads next may rightly miss it.
        state.restarts++;
        state.name = `${state.base}.${state.restarts}`;
      }
    }
  };

  const read = async (state: SessionState, replica: WriterReplica, key: string) => {
    const client = clientOf(replica);
    try {
      const found = await tracked(replica.id, () => state.session.get(client, key));
      reads++;
      // These keys are never deleted: a tombstone here would be a value from thin air.
      const values = (found?.values ?? []).map(({ value, clock }) => ({
        value: value ?? "⊥",
        clock,
      }));
      record(state, { type: "read", key, values, replica: replica.id });
    } catch (error) {
      // A read without an answer says nothing and is left out.
      if (error instanceof ContextNotReachedError) notReached++;
      else if (!(error instanceof ReplicaError)) rejected.push(`${replica.id}: ${String(error)}`);
      else if (error.answered) rejected.push(`${replica.id}: ${error.status} ${error.message}`);
    }
  };

  const loop = async () => {
    const intervalMs = 1000 / rate;
    const startedAt = performance.now();
    for (let tick = 0; !stopped; tick++) {
      const wait = startedAt + tick * intervalMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (stopped) break;
      // The draws happen on every tick, so the sequence of requests depends on the seed alone.
      const writeAt = reachable(random.pick(options.replicas));
      const readAt = reachable(random.pick(options.replicas));
      const removes = random.chance(deleteShare);
      const key = removes ? random.pick(deleteKeys) : random.pick([...readKeys, ...deleteKeys]);
      const readKey = random.pick(readKeys);
      // The drawn session, or the next idle one after it: a session waiting for its context
      // must not hold up the others' writes.
      const drawn = random.int(0, sessions.length - 1);
      const state = sessions
        .map((_, i) => sessions[(drawn + i) % sessions.length])
        .find((candidate) => candidate && !candidate.busy);
      const large = largeValues && random.chance(largeValueShare);
      if (!state || !writeAt || !readAt) {
        skipped++;
        continue;
      }
      state.busy = true;
      const name = `${state.base}.${tick}`;
      const value = removes ? null : large ? largeValue(name) : name;
      const pending = (async () => {
        await write(state, writeAt, key, value);
        await read(state, readAt, readKey);
      })().finally(() => {
        state.busy = false;
        inFlight.delete(pending);
      });
      inFlight.add(pending);
    }
  };
  const running = loop();

  return {
    setLargeValues(on) {
      largeValues = on;
    },
    exclude(replica) {
      excluded.add(replica);
      if ((requestsInFlight.get(replica) ?? 0) === 0) return Promise.resolve();
      return new Promise((resolve) => {
        drainWaiters.set(replica, [...(drainWaiters.get(replica) ?? []), resolve]);
      });
    },
    include(replica) {
      excluded.delete(replica);
    },
    async stop() {
      stopped = true;
      await running;
      await Promise.all(inFlight);
      return {
        sent,
        acknowledged,
        refused,
        rejoining,
        rejected,
        indefinite,
        skipped,
        reads,
        notReached,
        history,
      };
    },
  };
}
