export { replicaStreamAddress, replicaUrl } from "./replicaAddress.js";
export { ReplicaClient, type ReplicaClientOptions } from "./replicaClient.js";
export type { ReplicaEndpoint } from "./replicaEndpoint.js";
export { ReplicaError } from "./replicaError.js";
export {
  openReplicaStream,
  type ReplicaStreamHandlers,
  type ReplicaStreamOptions,
} from "./replicaStream.js";
