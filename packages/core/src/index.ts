export { AppliedWrites, type AppliedWritesSnapshot } from "./appliedWrites.js";
export type { BufferedWriteView } from "./bufferedWriteView.js";
export { type BufferedWrite, CausalBuffer } from "./causalBuffer.js";
export { deliverable, missingDependencies } from "./causalDelivery.js";
export { CausalReplica, type CausalReplicaConfig } from "./causalReplica.js";
export { contextReached, unreachedContext } from "./contextReach.js";
export { CoreError, type CoreErrorCode } from "./coreError.js";
export {
  appliedWrite,
  type BufferEvent,
  type CatchUpEvent,
  type DeliverEvent,
  type DeliveryMode,
  type DiscardedCopy,
  type DuplicateEvent,
  type JournalEvent,
  type JournalEventType,
  type ModeEvent,
  type ReceiveEvent,
  type RestartEvent,
  type SendEvent,
  type WriteEvent,
} from "./journalEvent.js";
export {
  type JournaledSibling,
  type JournaledStore,
  type JournaledWrite,
  journaledStore,
  journaledWrite,
} from "./journaledWrite.js";
export {
  foldJournal,
  JournalReplay,
  type ReplayStart,
  type ReplayState,
} from "./journalReplay.js";
export { Outbox, type OutboxSnapshot } from "./outbox.js";
export { compareReplicaIds, isReplicaId, normalizeMembers, type ReplicaId } from "./replicaId.js";
export type { ReplicaSnapshot } from "./replicaSnapshot.js";
export {
  assertValidWrite,
  formatWriteId,
  maxKeyLength,
  parseWriteId,
  type ReplicatedWrite,
  type WriteId,
  writeId,
  writeSeq,
} from "./replicatedWrite.js";
export { type Random, seededRandom } from "./seededRandom.js";
export { readStateTransfer, type StateTransfer } from "./stateTransfer.js";
export {
  digestValue,
  previewLength,
  previewText,
  sameDigest,
  type ValueDigest,
} from "./valueDigest.js";
export {
  assertValidClock,
  type ClockOrder,
  canonicalClock,
  clockEntry,
  compare,
  concurrent,
  happenedBefore,
  increment,
  merge,
  type VectorClock,
  zeroClock,
} from "./vectorClock.js";
export { type Sibling, type StoreSnapshot, VersionedStore } from "./versionedStore.js";
