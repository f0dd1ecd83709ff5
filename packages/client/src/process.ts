/**
 * `@causal-kv/client/process`, for Node only: running replicas (and the lab's other processes) as
 * supervised child processes. The package's main entry stays free of Node, for the browser.
 */
export { freePorts } from "./freePorts.js";
export { replicaNodeFlags } from "./replicaNodeFlags.js";
export {
  assertReplicaBuilt,
  ReplicaProcess,
  type ReplicaProcessOptions,
  replicaArgs,
  replicaMain,
} from "./replicaProcess.js";
export {
  type ProcessCommand,
  SupervisedProcess,
  type SupervisedProcessOptions,
} from "./supervisedProcess.js";
