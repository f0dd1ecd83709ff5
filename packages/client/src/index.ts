export { ContextNotReachedError } from "./contextNotReachedError.js";
export { replicaStreamAddress, replicaUrl } from "./replicaAddress.js";
export {
  type ContextRequest,
  type InContext,
  type KeyWrite,
  ReplicaClient,
  type ReplicaClientOptions,
} from "./replicaClient.js";
export type { ReplicaEndpoint } from "./replicaEndpoint.js";
export { ReplicaError } from "./replicaError.js";
export {
  openReplicaStream,
  type ReplicaStreamHandlers,
  type ReplicaStreamOptions,
} from "./replicaStream.js";
export { Session, type SessionOptions } from "./session.js";
