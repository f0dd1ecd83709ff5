/**
 * The replicas of one soak: N processes on free loopback ports, each with its own data directory
 * under one temporary root that outlives crashes (and, with --keep-data or a failure, the soak).
 * They run as an exposed cluster would, with a cluster secret and admin and client tokens made
 * for the soak, so every exchange under the faults goes through the credentials checks too.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePorts, ReplicaProcess } from "@causal-kv/client/process";
import { maxSeed } from "./chaosArgs.js";

/** A control request unanswered this long means the replica hangs; slower answers are only measured. */
const controlTimeoutMs = 15_000;

export class ChaosCluster {
  private readonly byId: ReadonlyMap<string, ReplicaProcess>;
  // A soak ended early (Ctrl-C, a crash of the runner) leaves no data behind.
  private readonly removeData = () => rmSync(this.dataRoot, { recursive: true, force: true });

  constructor(
    readonly replicas: readonly ReplicaProcess[],
    readonly dataRoot: string,
    /** The soak's ADMIN_TOKEN, which every client of these replicas sends. */
    readonly adminToken: string,
  ) {
    this.byId = new Map(replicas.map((replica) => [replica.id, replica]));
    process.once("exit", this.removeData);
  }

  get ids(): string[] {
    return this.replicas.map((replica) => replica.id);
  }

  replica(id: string): ReplicaProcess {
    const replica = this.byId.get(id);
    if (!replica) throw new Error(`no replica ${id} in this cluster`);
    return replica;
  }

  /** Kills every replica; removes the data unless it is to be kept. */
  async close(keepData: boolean): Promise<void> {
    process.off("exit", this.removeData);
    await Promise.all(this.replicas.map((replica) => replica.kill9()));
    if (!keepData) this.removeData();
  }
}

/** Starts `size` replicas; each draws its link faults (drops, jitter) from its own seed. */
export async function startChaosCluster(size: number, seed: number): Promise<ChaosCluster> {
  const ports = await freePorts(size);
  const dataRoot = mkdtempSync(join(tmpdir(), "causal-kv-chaos-"));
  const ids = ports.map((_, i) => `node${i + 1}`);
  const peers = ids.map((id, i) => `${id}=http://127.0.0.1:${ports[i]}`).join(",");
  const secret = () => randomBytes(24).toString("base64url");
  const adminToken = secret();
  const credentials = { CLUSTER_SECRET: secret(), ADMIN_TOKEN: adminToken, CLIENT_TOKEN: secret() };
  const replicas = ids.map((id, i) => {
    const dataDir = join(dataRoot, id);
    mkdirSync(dataDir);
    return new ReplicaProcess({
      id,
      url: `http://127.0.0.1:${ports[i]}`,
      env: {
        REPLICA_ID: id,
        PORT: String(ports[i]),
        HOST: "127.0.0.1",
        PEERS: peers,
        DATA_DIR: dataDir,
        LOG_LEVEL: "warn",
        FAULT_SEED: String(((seed + i * 7919) % maxSeed) + 1),
        ...credentials,
      },
      clientOptions: { timeoutMs: controlTimeoutMs, token: adminToken },
    });
  });
  const cluster = new ChaosCluster(replicas, dataRoot, adminToken);
  try {
    await Promise.all(replicas.map((replica) => replica.start()));
  } catch (error) {
    await cluster.close(false);
    throw error;
  }
  return cluster;
}
