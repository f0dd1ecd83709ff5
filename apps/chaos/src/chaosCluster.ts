/**
 * The replicas of one soak: N processes on free loopback ports (or wherever the caller places
 * them, e.g. one per network namespace), each with its own data directory under one temporary root that outlives crashes (and, with --keep-data or a failure, the soak).
 * They run as an exposed cluster would, with a cluster secret and admin and client tokens made
 * for the soak, so every exchange under the faults goes through the credentials checks too.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePorts, type ProcessCommand, ReplicaProcess } from "@causal-kv/client/process";
import { maxSeed } from "./chaosArgs.js";

/** A control request unanswered this long means the replica hangs; slower answers are only measured. */
const controlTimeoutMs = 15_000;

/**
 * Control requests go on a connection of their own, closed after the answer. On a kept-alive one,
 * a runner whose event loop lags (a soak of many replicas on a busy machine lagged 8 s) can send
 * just as the replica closes it for idleness, and the request fails with "other side closed"
 * although the replica was fine; control requests are few, so the extra handshake costs nothing.
 */
const closingFetch: typeof globalThis.fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  headers.set("connection", "close");
  return globalThis.fetch(input, { ...init, headers });
};

/**
 * Seven replicas loading at once on a busy two-core machine were seen to need more than the
 * supervisor's usual 20 s to answer; a soak that never starts measures nothing.
 */
const firstStartTimeoutMs = 60_000;

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

/** Where one replica runs: the address it binds and is reached at, and how it is launched. */
export interface ReplicaPlace {
  readonly host: string;
  readonly port: number;
  /** By default this Node running the replica's build, in this network namespace. */
  readonly command?: Omit<ProcessCommand, "env">;
}

/** Every replica on loopback, each on a free port. */
async function loopbackPlaces(size: number): Promise<ReplicaPlace[]> {
  return (await freePorts(size)).map((port) => ({ host: "127.0.0.1", port }));
}

/**
 * Starts `size` replicas, on loopback unless `places` says where; each draws its link faults
 * (drops, jitter) from its own seed.
 */
export async function startChaosCluster(
  size: number,
  seed: number,
  places?: readonly ReplicaPlace[],
): Promise<ChaosCluster> {
  const placed = places ?? (await loopbackPlaces(size));
  if (placed.length !== size) throw new Error(`${size} replicas need ${size} places`);
  const dataRoot = mkdtempSync(join(tmpdir(), "causal-kv-chaos-"));
  const peers = placed.map(({ host, port }, i) => `node${i + 1}=http://${host}:${port}`).join(",");
  const secret = () => randomBytes(24).toString("base64url");
  const adminToken = secret();
  const credentials = { CLUSTER_SECRET: secret(), ADMIN_TOKEN: adminToken, CLIENT_TOKEN: secret() };
  const replicas = placed.map((place, i) => {
    const id = `node${i + 1}`;
    const dataDir = join(dataRoot, id);
    mkdirSync(dataDir);
    return new ReplicaProcess({
      id,
      url: `http://${place.host}:${place.port}`,
      ...(place.command ? { command: place.command } : {}),
      env: {
        REPLICA_ID: id,
        PORT: String(place.port),
        HOST: place.host,
        PEERS: peers,
        DATA_DIR: dataDir,
        LOG_LEVEL: "warn",
        FAULT_SEED: String(((seed + i * 7919) % maxSeed) + 1),
        // The soak judges every replica's whole journal, so none is compacted away (events name
        // values by digest: an hour at 500 writes/s stays within these).
        JOURNAL_MAX_EVENTS: "20000000",
        JOURNAL_MAX_BYTES: String(8 * 1024 ** 3),
        ...credentials,
      },
      clientOptions: { timeoutMs: controlTimeoutMs, token: adminToken, fetch: closingFetch },
    });
  });
  const cluster = new ChaosCluster(replicas, dataRoot, adminToken);
  try {
    await Promise.all(replicas.map((replica) => replica.start(firstStartTimeoutMs)));
  } catch (error) {
    await cluster.close(false);
    throw error;
  }
  return cluster;
}
