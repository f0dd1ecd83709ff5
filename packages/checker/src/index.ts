export { storeOf } from "./checkConvergence.js";
export { type CheckOptions, checkTrace } from "./checkTrace.js";
export { describeChange, describeWrite } from "./describeWrite.js";
export type { Trace } from "./trace.js";
export type { Violation, ViolationKind } from "./violation.js";
