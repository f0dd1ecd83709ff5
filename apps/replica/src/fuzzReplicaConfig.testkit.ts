/**
 * The replica fuzz tests talk to: a member of a FuzzCluster whose peers are members but never
 * listen (writes wait in its outbox), with the cluster's secret, tokens and one allowed origin.
 */
import type { FuzzCluster } from "./fuzzBodies.testkit.js";
import type { ReplicaConfig } from "./replicaConfig.js";

export function fuzzReplicaConfig(cluster: FuzzCluster, dataDir: string): ReplicaConfig {
  const nowhere = "http://127.0.0.1:1";
  return {
    id: cluster.self,
    host: "127.0.0.1",
    port: 0,
    members: Object.fromEntries([cluster.self, ...cluster.peers].map((id) => [id, nowhere])),
    dataDir,
    // Its peers never exist: the gate would refuse every write (rejoinGate.ts).
    rejoinGate: false,
    clusterSecret: cluster.secret,
    adminToken: cluster.adminToken,
    clientToken: cluster.clientToken,
    allowedOrigins: [cluster.allowedOrigin],
    logLevel: "silent",
    synchronous: "NORMAL",
    retransmitMs: 60_000,
    crash: () => {},
  };
}
