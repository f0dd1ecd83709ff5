/**
 * The steps that bring a write into a replica's store: a client write, applied at once, and a
 * peer's write, delivered (with everything it releases from the buffer), buffered, or discarded as
 * a copy. Each appends its journal events in order; one that throws has changed nothing.
 */
import type { BufferedWrite } from "./causalBuffer.js";
import { firstMissingOrigin, missingDependencies } from "./causalDelivery.js";
import { CoreError } from "./coreError.js";
import { readIncomingWrite } from "./incomingWrite.js";
import type { JournalEvent } from "./journalEvent.js";
import { journaledWrite } from "./journaledWrite.js";
import type { ReplicaId } from "./replicaId.js";
import type { ReplicaState } from "./replicaState.js";
import { assertValidKey, type ReplicatedWrite, writeSeq } from "./replicatedWrite.js";
import {
  bufferEvent,
  deliverEvent,
  duplicateEvent,
  receiveEvent,
  sendEvent,
  writeEvent,
} from "./stepEvents.js";
import { increment, mergeCanonical } from "./vectorClock.js";

/** A client write: applied here, and returned as the message every peer must receive. */
export function writeLocally(
  state: ReplicaState,
  key: string,
  value: string | null,
  now: number,
): { message: ReplicatedWrite; events: JournalEvent[] } {
  assertValidKey(key);
  if (value !== null && typeof value !== "string") {
    throw new CoreError("invalid-write", "a value must be a string, or null for a delete");
  }
  const clock = increment(state.clock, state.id);
  const message: ReplicatedWrite = { origin: state.id, clock, key, value };
  const events: JournalEvent[] = [];
  state.clock = clock;
  state.store.apply(key, { value, clock, origin: state.id });
  const named = journaledWrite(message);
  events.push(writeEvent(state, now, named), sendEvent(state, now, named));
  // Nothing should wait on our own writes (receive refuses clocks that count writes we never
  // made), but whatever the buffer releases is delivered, never dropped.
  const released: BufferedWrite[] = [];
  const range = state.applied.add(state.id, writeSeq(message));
  releaseAfter(state, state.id, range, now, events, released);
  deliver(state, released, now, events);
  return { message, events };
}

/** A message from a peer. Throws a CoreError, changing nothing, if it is malformed. */
export function receiveWrite(state: ReplicaState, input: unknown, now: number): JournalEvent[] {
  const message = readIncomingWrite(input, state.memberSet, state.id, state.applied);
  return acceptWrite(state, message, now);
}

/** A checked message, received: applied, buffered, or discarded as a copy. */
export function acceptWrite(
  state: ReplicaState,
  message: ReplicatedWrite,
  now: number,
): JournalEvent[] {
  const seq = writeSeq(message);
  // Event lists are built whole where their length is known: a list grown by push reserves room
  // for 17 events, and most receives journal exactly two.
  const received = receiveEvent(state, now, message);
  if (state.applied.has(message.origin, seq)) {
    return [received, duplicateEvent(state, now, message, "incoming")];
  }
  const delivered = state.applied.delivered;
  // Not applied, so it is its origin's next write or a later one: it is deliverable exactly when
  // it misses nothing. A deliverable write cannot be held (the buffer releases each write the
  // moment it becomes deliverable, and naive mode holds none), so only the rest can be copies.
  const waitsOn = state.mode === "naive" ? undefined : firstMissingOrigin(message, delivered);
  if (waitsOn === undefined) {
    const events = [received];
    deliver(state, [{ write: message, arrivedAt: now }], now, events);
    return events;
  }
  if (!state.buffer.hold(message, now, waitsOn)) {
    return [received, duplicateEvent(state, now, message, "incoming")];
  }
  const buffered = bufferEvent(state, now, message, missingDependencies(message, delivered));
  return [received, buffered];
}

/** Applies each entry, then everything that delivery releases from the buffer, in one pass. */
export function deliver(
  state: ReplicaState,
  queue: BufferedWrite[],
  now: number,
  events: JournalEvent[],
): void {
  for (let i = 0; i < queue.length; i++) {
    const { write, arrivedAt } = queue[i] as BufferedWrite;
    state.clock = mergeCanonical(state.clock, write.clock);
    state.store.apply(write.key, { value: write.value, clock: write.clock, origin: write.origin });
    events.push(deliverEvent(state, now, write, now - arrivedAt));
    const range = state.applied.add(write.origin, writeSeq(write));
    releaseAfter(state, write.origin, range, now, events, queue);
  }
}

/** Moves to `ready` what waited in the buffer on the writes newly counted as delivered. */
function releaseAfter(
  state: ReplicaState,
  origin: ReplicaId,
  range: { from: number; to: number },
  now: number,
  events: JournalEvent[],
  ready: BufferedWrite[],
): void {
  const stale = state.staleScratch;
  for (let seq = range.from + 1; seq <= range.to; seq++) {
    state.buffer.releaseInto(origin, seq, state.applied.delivered, ready, stale);
    if (stale.length === 0) continue;
    discardStale(state, stale, now, events);
    stale.length = 0;
  }
}

/** Journals each of `stale` as a buffered copy discarded: its number was applied meanwhile. */
export function discardStale(
  state: ReplicaState,
  stale: readonly BufferedWrite[],
  now: number,
  events: JournalEvent[],
): void {
  for (const entry of stale) events.push(duplicateEvent(state, now, entry.write, "buffered"));
}
