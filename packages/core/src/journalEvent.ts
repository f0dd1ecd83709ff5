/**
 * The journal: everything a replica does, as typed events. Each carries the replica's vector clock
 * after the step. The dashboard, the checker, exports and tests all read this and nothing else.
 * Writes are named by id, clock and a digest of their value (journaledWrite.ts), never the value.
 */
import type { AppliedWritesSnapshot } from "./appliedWrites.js";
import type { JournaledStore, JournaledWrite } from "./journaledWrite.js";
import type { ReplicaId } from "./replicaId.js";
import type { WriteId } from "./replicatedWrite.js";
import type { VectorClock } from "./vectorClock.js";

export type DeliveryMode = "causal" | "naive";

interface EventBase {
  /** Position in this replica's journal, from 1. */
  readonly seq: number;
  /** Milliseconds, as given by the caller. */
  readonly time: number;
  readonly replica: ReplicaId;
  readonly clock: VectorClock;
}

/** A client write applied locally. */
export interface WriteEvent extends EventBase {
  readonly type: "write";
  readonly message: JournaledWrite;
}
/** The local write handed to the network for every peer. */
export interface SendEvent extends EventBase {
  readonly type: "send";
  readonly message: JournaledWrite;
  readonly to: readonly ReplicaId[];
}
/** A write arrived from a peer (before any decision about it). */
export interface ReceiveEvent extends EventBase {
  readonly type: "receive";
  readonly message: JournaledWrite;
}
/** It arrived early and waits; `waitingFor` names the latest missing write of each replica. */
export interface BufferEvent extends EventBase {
  readonly type: "buffer";
  readonly message: JournaledWrite;
  readonly waitingFor: readonly WriteId[];
}
/** A peer's write applied to the store. `bufferedMs` is how long it waited (0 if it did not). */
export interface DeliverEvent extends EventBase {
  readonly type: "deliver";
  readonly message: JournaledWrite;
  readonly bufferedMs: number;
}
/**
 * A second copy of a write, discarded. `incoming`: the copy that just arrived, because the write
 * was already applied or buffered here. `buffered`: a write that waited in the buffer and leaves it,
 * because its number was applied meanwhile (by another write under the same number, from a replica
 * that lost writes in a crash and numbered new ones the same).
 */
export interface DuplicateEvent extends EventBase {
  readonly type: "duplicate";
  readonly message: JournaledWrite;
  readonly discarded: DiscardedCopy;
}
export type DiscardedCopy = "incoming" | "buffered";
export interface ModeEvent extends EventBase {
  readonly type: "mode";
  readonly mode: DeliveryMode;
}
/** The replica came back from a crash with its durable state. */
export interface RestartEvent extends EventBase {
  readonly type: "restart";
}

/**
 * The replica merged a peer's state (it was behind what its peers still resend): `applied` is what
 * the peer had applied, `adopted` the peer's values that changed the store here. The clock is the
 * one reached. Buffered writes the transfer covers follow as `duplicate` and `deliver` events.
 */
export interface CatchUpEvent extends EventBase {
  readonly type: "catch-up";
  readonly from: ReplicaId;
  readonly applied: AppliedWritesSnapshot;
  readonly adopted: JournaledStore;
}

export type JournalEvent =
  | WriteEvent
  | SendEvent
  | ReceiveEvent
  | BufferEvent
  | DeliverEvent
  | DuplicateEvent
  | ModeEvent
  | RestartEvent
  | CatchUpEvent;

export type JournalEventType = JournalEvent["type"];

/** Writes that change a store: the checker and replays follow these. */
export function appliedWrite(event: JournalEvent): JournaledWrite | undefined {
  return event.type === "write" || event.type === "deliver" ? event.message : undefined;
}
