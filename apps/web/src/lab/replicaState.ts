/**
 * A replica's visible state (clock, mode, store, buffer), folded from its journal. The panels show
 * it live, and replay folds the same events up to any moment.
 */
import {
  type DeliveryMode,
  type JournalEvent,
  missingDependencies,
  type StoreSnapshot,
  type VectorClock,
  VersionedStore,
  writeId,
} from "@causal-kv/core";
import type { BufferedEntry, StatusResponse } from "@causal-kv/protocol";

export interface ReplicaState {
  readonly clock: VectorClock;
  readonly mode: DeliveryMode;
  readonly store: StoreSnapshot;
  readonly buffer: readonly BufferedEntry[];
}

export function stateFromStatus(status: StatusResponse): ReplicaState {
  return { clock: status.clock, mode: status.mode, store: status.store, buffer: status.buffer };
}

export function emptyState(members: readonly string[]): ReplicaState {
  return {
    clock: Object.fromEntries(members.map((id) => [id, 0])),
    mode: "causal",
    store: {},
    buffer: [],
  };
}

/** The state after `event`, given the state before it. */
export function applyJournalEvent(state: ReplicaState, event: JournalEvent): ReplicaState {
  return foldJournal(state, [event]);
}

/** The state after all of `events`; one store is updated in place, so a long journal folds fast. */
export function foldJournal(start: ReplicaState, events: readonly JournalEvent[]): ReplicaState {
  const store = new VersionedStore(start.store);
  let state = start;
  let changed = false;
  for (const event of events) {
    state = step(state, event, store);
    changed ||= changesStore(event);
  }
  return changed ? { ...state, store: store.snapshot() } : state;
}

function changesStore(event: JournalEvent): boolean {
  return event.type === "write" || event.type === "deliver";
}

/** Everything but the store, which `store` receives in place. */
function step(state: ReplicaState, event: JournalEvent, store: VersionedStore): ReplicaState {
  switch (event.type) {
    case "write":
    case "deliver": {
      const m = event.message;
      store.apply(m.key, { value: m.value, clock: m.clock, origin: m.origin });
      if (state.buffer.length === 0) return { ...state, clock: event.clock };
      const id = writeId(m);
      const buffer = state.buffer.filter((entry) => writeId(entry) !== id);
      return { ...state, clock: event.clock, buffer: recomputeWaits(buffer, event.clock) };
    }
    case "buffer":
      return {
        ...state,
        clock: event.clock,
        buffer: [
          ...state.buffer,
          { ...event.message, arrivedAt: event.time, waitingFor: [...event.waitingFor] },
        ],
      };
    case "mode":
      return { ...state, clock: event.clock, mode: event.mode };
    default:
      return { ...state, clock: event.clock };
  }
}

/** Re-judges what each buffered write still waits for, with the core's own rule. */
function recomputeWaits(buffer: readonly BufferedEntry[], clock: VectorClock): BufferedEntry[] {
  return buffer.map((entry) => ({ ...entry, waitingFor: missingDependencies(entry, clock) }));
}
