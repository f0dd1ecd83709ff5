/**
 * A replicated write: what one replica broadcasts to all others. Its clock is the writer's clock
 * right after the write, so `clock[origin]` numbers the writer's writes and identifies this one.
 */
import { CoreError } from "./coreError.js";
import type { ReplicaId } from "./replicaId.js";
import { clockEntry, readClock, type VectorClock } from "./vectorClock.js";

export interface ReplicatedWrite {
  readonly origin: ReplicaId;
  readonly clock: VectorClock;
  readonly key: string;
  /** `null` is a tombstone: a causal delete. */
  readonly value: string | null;
}

/** `node1:3` is node1's third write. */
export type WriteId = `${ReplicaId}:${number}`;

export const maxKeyLength = 256;

export function writeSeq(write: Pick<ReplicatedWrite, "origin" | "clock">): number {
  return clockEntry(write.clock, write.origin);
}

export function writeId(write: Pick<ReplicatedWrite, "origin" | "clock">): WriteId {
  return `${write.origin}:${writeSeq(write)}`;
}

export function formatWriteId(origin: ReplicaId, seq: number): WriteId {
  return `${origin}:${seq}`;
}

export function parseWriteId(id: string): { origin: ReplicaId; seq: number } | undefined {
  const at = id.lastIndexOf(":");
  const seq = Number(id.slice(at + 1));
  if (at <= 0 || !Number.isSafeInteger(seq) || seq < 1) return undefined;
  return { origin: id.slice(0, at), seq };
}

export function assertValidKey(key: unknown): asserts key is string {
  if (typeof key !== "string" || key.length === 0 || key.length > maxKeyLength) {
    throw new CoreError(
      "invalid-write",
      `a key must be a string of 1 to ${maxKeyLength} characters`,
    );
  }
}

/** Throws unless `write` is a well-formed write from a member, with a clock that counts it. */
export function assertValidWrite(
  write: unknown,
  members: ReadonlySet<ReplicaId>,
): asserts write is ReplicatedWrite {
  readWrite(write, members);
}

/**
 * `write` checked as `assertValidWrite` does, and copied with a canonical clock: what a replica
 * keeps of an arriving message, so the sender's objects can change later without changing it.
 */
export function readWrite(write: unknown, members: ReadonlySet<ReplicaId>): ReplicatedWrite {
  if (typeof write !== "object" || write === null) {
    throw new CoreError("invalid-write", "a replicated write must be an object");
  }
  const { origin, clock, key, value } = write as Record<string, unknown>;
  if (typeof origin !== "string" || !members.has(origin)) {
    throw new CoreError(
      "unknown-replica",
      `the write comes from "${String(origin)}", which is not a replica`,
    );
  }
  const copy = readClock(clock, members);
  if (clockEntry(clock as VectorClock, origin) < 1) {
    throw new CoreError(
      "invalid-clock",
      `the clock of a write from ${origin} must count it (${origin} ≥ 1)`,
    );
  }
  assertValidKey(key);
  if (value !== null && typeof value !== "string") {
    throw new CoreError("invalid-write", "a value must be a string, or null for a delete");
  }
  return { origin, clock: copy, key, value };
}
