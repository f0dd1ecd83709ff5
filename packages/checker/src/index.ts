export { checkClientHistory } from "./checkClientHistory.js";
export { storeOf } from "./checkConvergence.js";
export { type CheckOptions, checkTrace } from "./checkTrace.js";
export type {
  ClientHistory,
  ClientOperation,
  ClientRead,
  ClientViolation,
  ClientViolationKind,
  ClientWrite,
  OperationRef,
  ReadValue,
} from "./clientHistory.js";
export { describeOperation } from "./describeClientOperation.js";
export { type DescribedWrite, describeChange, describeWrite, shownValue } from "./describeWrite.js";
export type { Trace } from "./trace.js";
export type { Violation, ViolationKind } from "./violation.js";
