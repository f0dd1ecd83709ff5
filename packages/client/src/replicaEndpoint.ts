/** Where one replica is reached: its id and its base URL (a reverse proxy's path prefix kept). */
import type { ReplicaId } from "@causal-kv/core";

export interface ReplicaEndpoint {
  readonly id: ReplicaId;
  readonly url: string;
}
