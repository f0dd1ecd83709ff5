export { replicaStreamAddress, replicaUrl } from "./replicaAddress.js";
export { ReplicaClient, type ReplicaClientOptions } from "./replicaClient.js";
export { ReplicaError } from "./replicaError.js";
