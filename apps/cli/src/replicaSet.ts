/**
 * The replicas one command talks to: a ReplicaClient per endpoint, looked up by id (an unknown id
 * is bad input, exit 2), and the last transport failure of each, so errors can say why a replica
 * is unreachable. Every client sends the admin token.
 */
import { ReplicaClient, type ReplicaEndpoint } from "@causal-kv/client";
import { type Cluster, clusterOf } from "@causal-kv/scenarios";
import { usageError } from "./cliError.js";
import { recordingFetch, type TransportFailure } from "./transportFailure.js";

export class ReplicaSet {
  private readonly clients = new Map<string, ReplicaClient>();
  private readonly failures = new Map<string, TransportFailure>();

  constructor(
    readonly endpoints: readonly ReplicaEndpoint[],
    /** The cluster's ADMIN_TOKEN, sent on every request and stream, if the CLI has one. */
    readonly token?: string,
  ) {
    for (const { id, url } of endpoints) {
      const fetch = recordingFetch((failure) => this.failures.set(id, failure));
      this.clients.set(id, new ReplicaClient(url, { fetch, token }));
    }
  }

  get ids(): string[] {
    return this.endpoints.map((endpoint) => endpoint.id);
  }

  /** The endpoint with this id; an id the list lacks is a usage error. */
  endpoint(id: string): ReplicaEndpoint {
    const endpoint = this.endpoints.find((candidate) => candidate.id === id);
    if (!endpoint) {
      throw usageError(
        `unknown replica "${id}": the replicas are ${this.ids.join(", ")}`,
        "name them with --replicas node1=http://host:port,… or CAUSAL_KV_REPLICAS",
      );
    }
    return endpoint;
  }

  client(id: string): ReplicaClient {
    this.endpoint(id);
    const client = this.clients.get(id);
    if (!client) throw usageError(`unknown replica "${id}"`);
    return client;
  }

  /** The endpoint a client error came from, by the URL the client reports. */
  byUrl(url: string): ReplicaEndpoint | undefined {
    return this.endpoints.find((endpoint) => endpoint.url === url);
  }

  lastFailure(id: string): TransportFailure | undefined {
    return this.failures.get(id);
  }

  /** The same replicas as the scenarios' Cluster. */
  cluster(): Cluster {
    return clusterOf(Object.fromEntries(this.clients));
  }
}
