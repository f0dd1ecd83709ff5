/**
 * Catch-up, the replica step that merges a peer's state transfer (stateTransfer.ts). It changes the
 * replica only if the transfer holds a write the replica lacks, and leaves it causally closed.
 */
import type { AppliedWrites, AppliedWritesSnapshot } from "./appliedWrites.js";
import type { CausalBuffer } from "./causalBuffer.js";
import { CoreError } from "./coreError.js";
import { acceptWrite, deliver, discardStale } from "./deliverySteps.js";
import { seesOwnWritesNotHere } from "./incomingWrite.js";
import type { JournalEvent } from "./journalEvent.js";
import { journaledStore } from "./journaledWrite.js";
import type { ReplicaId } from "./replicaId.js";
import type { ReplicaState } from "./replicaState.js";
import { type ReplicatedWrite, writeSeq } from "./replicatedWrite.js";
import { mergeStore, readStateTransfer, type StateTransfer } from "./stateTransfer.js";
import { recordEvent } from "./stepEvents.js";
import { clockEntry, mergeCanonical } from "./vectorClock.js";

/**
 * Merges the state `from` transferred: its applied writes and store join this replica's, then
 * buffered writes the transfer covers are discarded and those it made deliverable are delivered.
 * Throws a CoreError, changing nothing, if the transfer is malformed.
 */
export function catchUpWith(
  state: ReplicaState,
  input: StateTransfer,
  from: ReplicaId,
  now: number,
): JournalEvent[] {
  if (from === state.id || !state.memberSet.has(from)) {
    throw new CoreError("unknown-replica", `${from} is not a peer of ${state.id}`);
  }
  const transfer = readStateTransfer(input, state.memberSet);
  // A transfer of nothing this replica lacks (a peer asked while both were fresh, say) changes
  // nothing: its store follows from writes already applied here, so it is not journaled either.
  const lacked = lackedWrites(transfer.buffered, state.applied, state.buffer);
  if (holdsAll(state.applied, transfer.applied) && lacked.length === 0) return [];
  state.clock = mergeCanonical(state.clock, transfer.clock);
  state.applied.merge(transfer.applied);
  const adopted = mergeStore(state.store, transfer.store);
  const events = [
    recordEvent(state, now, {
      type: "catch-up",
      from,
      applied: transfer.applied,
      adopted: journaledStore(adopted),
    }),
  ];
  const { ready, stale } = state.buffer.sortOut(state.applied.delivered, (origin, seq) =>
    state.applied.has(origin, seq),
  );
  discardStale(state, stale, now, events);
  deliver(state, ready, now, events);
  // What the peer holds in its buffer is in no store or applied set: among it may be writes of
  // ours that we lost (a wiped disk) and that only a peer's buffer still has. Each is received as
  // from the network, with the checks `receive` makes, except that our own lost writes are ours.
  for (const message of lacked) {
    if (state.applied.has(message.origin, writeSeq(message))) continue;
    const ours = message.origin === state.id;
    if (!ours && seesOwnWritesNotHere(message, state.id, state.applied.delivered)) continue;
    events.push(...acceptWrite(state, message, now));
  }
  return events;
}

/** The transferred buffered writes this replica lacks: neither applied nor held in its buffer. */
function lackedWrites(
  buffered: readonly ReplicatedWrite[],
  applied: AppliedWrites,
  buffer: CausalBuffer,
): ReplicatedWrite[] {
  return buffered.filter(
    (message) =>
      !applied.has(message.origin, writeSeq(message)) &&
      !buffer.holds(message.origin, writeSeq(message)),
  );
}

/** Whether every write `transferred` counts is in `applied` already. */
function holdsAll(applied: AppliedWrites, transferred: AppliedWritesSnapshot): boolean {
  for (const [origin, { prefix, beyond }] of Object.entries(transferred)) {
    for (let seq = clockEntry(applied.delivered, origin) + 1; seq <= prefix; seq++)
      if (!applied.has(origin, seq)) return false;
    if (beyond.some((seq) => !applied.has(origin, seq))) return false;
  }
  return true;
}
