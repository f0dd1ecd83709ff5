export { ContextNotReachedError } from "./contextNotReachedError.js";
export { replicaStreamAddress, replicaUrl } from "./replicaAddress.js";
export {
  type ContextRequest,
  type InContext,
  type KeyWrite,
  ReplicaClient,
  type ReplicaClientOptions,
} from "./replicaClient.js";
export { ReplicaError } from "./replicaError.js";
export { Session, type SessionOptions } from "./session.js";
