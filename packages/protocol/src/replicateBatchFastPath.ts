/**
 * A hand-written check of the common `POST /replicate` body, for the peer hot path: it returns the
 * body as a ReplicateBatch only when replicateBatchSchema would accept it and parse it to an equal
 * value (so only exactly the schema's keys, nothing to strip), and undefined otherwise, when the
 * caller parses with the schema, which stays the contract and says what is wrong.
 * replicateBatchFastPath.test.ts checks both agree on valid and invalid bodies.
 */
import { isReplicaId, maxKeyLength } from "@causal-kv/core";
import type { ReplicateBatch } from "./replicate.js";
import { maxBatchMessages } from "./replicate.js";
import { maxValueBytes } from "./replicatedWrite.js";
import { fitsUtf8Bytes } from "./utf8ByteLength.js";

/** The body as a batch if it is certainly one, else undefined (parse it with the schema). */
export function replicateBatchFastPath(body: unknown): ReplicateBatch | undefined {
  if (!isPlainRecord(body)) return undefined;
  let keys = 0;
  for (const name in body) {
    if (name !== "epoch" && name !== "from" && name !== "messages") return undefined;
    keys++;
  }
  const { epoch, from, messages } = body;
  if (epoch !== undefined && !isCount(epoch)) return undefined;
  if (from !== undefined && !isReplicaId(from)) return undefined;
  if (keys !== Number("epoch" in body) + Number("from" in body) + 1) return undefined;
  if (!Array.isArray(messages) || messages.length > maxBatchMessages) return undefined;
  if (messages.length === 0 && (epoch === undefined || from === undefined)) return undefined;
  for (const message of messages) if (!isWrite(message)) return undefined;
  return body as ReplicateBatch;
}

function isWrite(message: unknown): boolean {
  if (!isPlainRecord(message)) return false;
  let keys = 0;
  for (const name in message) {
    if (name !== "origin" && name !== "clock" && name !== "key" && name !== "value") return false;
    keys++;
  }
  const { origin, clock, key, value } = message;
  return (
    keys === 4 &&
    isReplicaId(origin) &&
    isClock(clock) &&
    typeof key === "string" &&
    key.length > 0 &&
    key.length <= maxKeyLength &&
    key !== "." &&
    key !== ".." &&
    (value === null || (typeof value === "string" && fitsUtf8Bytes(value, maxValueBytes)))
  );
}

function isClock(clock: unknown): boolean {
  if (!isPlainRecord(clock)) return false;
  for (const id in clock) if (!isReplicaId(id) || !isCount(clock[id])) return false;
  return true;
}

function isCount(value: unknown): boolean {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/** An object as JSON.parse makes them: no prototype but Object's, no inherited enumerable keys. */
function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype &&
    Object.getOwnPropertySymbols(value).length === 0
  );
}
