export {
  type CausalContext,
  causalContextHeader,
  clusterTag,
  contextWaitSchema,
  decodeCausalContext,
  defaultContextWaitMs,
  encodeCausalContext,
  maxContextWaitMs,
} from "./causalContext.js";
export {
  type ModeRequest,
  type ModeResponse,
  modeRequestSchema,
  modeResponseSchema,
  type ResetRequest,
  type ResetResponse,
  resetRequestSchema,
  resetResponseSchema,
} from "./control.js";
export { type CrashResponse, crashResponseSchema } from "./crash.js";
export { deliveryModeSchema } from "./deliveryMode.js";
export { type ErrorBody, errorBodySchema } from "./errorBody.js";
export {
  type ApiErrorCode,
  type ApiErrorDefinition,
  apiErrors,
  type ClientErrorCode,
  clientErrors,
  type ErrorCode,
  type ErrorDefinition,
  errorRegistry,
  isApiErrorCode,
  isErrorCode,
  isLabServerErrorCode,
  type LabServerErrorCode,
  labServerErrors,
} from "./errorRegistry.js";
export {
  type EventsPage,
  type EventsQuery,
  eventsPageSchema,
  eventsQuerySchema,
  journalCompactedBefore,
  maxEventsPage,
  maxEventsPageBytes,
} from "./eventsPage.js";
export {
  type HeldList,
  type HeldMessage,
  heldListSchema,
  heldMessageSchema,
} from "./heldMessage.js";
export {
  bufferEventSchema,
  catchUpEventSchema,
  deliverEventSchema,
  discardedCopySchema,
  duplicateEventSchema,
  journalEventSchema,
  modeEventSchema,
  receiveEventSchema,
  restartEventSchema,
  sendEventSchema,
  writeEventSchema,
} from "./journalEvent.js";
export {
  journaledSiblingSchema,
  journaledStoreSchema,
  journaledWriteSchema,
  valueDigestSchema,
} from "./journaledWrite.js";
export {
  type PutValueRequest,
  putValueRequestSchema,
  type ValuesResponse,
  valuesResponseSchema,
  type WriteResponse,
  writeResponseSchema,
} from "./kv.js";
export {
  answerSchema,
  type CommandReply,
  clientExchangeSchema,
  commandReplySchema,
  type LabClientToServerEvents,
  type LabRun,
  type LabServerToClientEvents,
  type LabState,
  labRoleSchema,
  labRunSchema,
  labSocketPath,
  labStateSchema,
  questionsRequestSchema,
  type RunAnswer,
  type RunPhase,
  type RunQuestion,
  type RunSpeed,
  runPhaseSchema,
  runQuestionSchema,
  runSpeedSchema,
  type StartRun,
  speedRequestSchema,
  startRunSchema,
  stepMessagesRequestSchema,
} from "./labRun.js";
export {
  healthyLink,
  type LinkResponse,
  type LinkSettings,
  type Links,
  type LinkUpdate,
  linkResponseSchema,
  linkSettingsSchema,
  linksSchema,
  linkUpdateSchema,
  maxLinkDelayMs,
} from "./linkSettings.js";
export {
  discardedCopyAfter,
  fromOlderJournal,
  withDigestedValues,
  withDiscardedCopies,
} from "./olderJournals.js";
export { replicaIdSchema } from "./replicaId.js";
export {
  maxBatchMessages,
  type ReplicateBatch,
  type ReplicateRequest,
  type ReplicateResponse,
  type ReplicateSingle,
  replicateBatchSchema,
  replicateRequestSchema,
  replicateResponseSchema,
  replicateSingleSchema,
} from "./replicate.js";
export { replicateBatchFastPath } from "./replicateBatchFastPath.js";
export { keySchema, maxValueBytes, replicatedWriteSchema, valueSchema } from "./replicatedWrite.js";
export {
  clientViolationKinds,
  expectationSchema,
  readScenarioFile,
  type ScenarioFile,
  scenarioFileSchema,
  scenarioSchema,
  scenarioStepSchema,
  stepKinds,
} from "./scenarioFile.js";
export { scenarioJsonSchema } from "./scenarioJsonSchema.js";
export { type StateTransferResponse, stateTransferSchema } from "./stateTransfer.js";
export {
  appliedWritesSchema,
  type BufferedEntry,
  bufferedEntrySchema,
  type HealthResponse,
  healthResponseSchema,
  type StatusResponse,
  siblingSchema,
  statusResponseSchema,
  storeSchema,
} from "./status.js";
export {
  type ClientToServerEvents,
  type HeldChange,
  heldChangeSchema,
  type LaggedNotice,
  type LinksChange,
  laggedNoticeSchema,
  linksChangeSchema,
  type ServerToClientEvents,
  type SnapshotStatus,
  type StreamSnapshot,
  snapshotStatusSchema,
  streamEventsSchema,
  streamSnapshotSchema,
} from "./streamEvents.js";
export { type Trace, traceSchema } from "./trace.js";
export { fitsUtf8Bytes, utf8ByteLength } from "./utf8ByteLength.js";
export { clockCountSchema, vectorClockSchema } from "./vectorClock.js";
export { writeIdSchema } from "./writeId.js";
