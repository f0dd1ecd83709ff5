// Starts a whole lab as plain processes: N replicas on loopback (restarted if they die, as
// docker-compose's restart policy does) and the lab server, the one front door browsers use (the
// dashboard, with every replica under /replicas/<id>), each under the client's supervisor (built:
// `npm start` builds first). `npm start` and the browser tests use it.
// The replicas require the lab's credentials (credentials.mjs), which only the lab server holds.
import { join } from "node:path";
import { replicaArgs, SupervisedProcess } from "@causal-kv/client/process";
import { labCredentials } from "./credentials.mjs";

const root = new URL("..", import.meta.url).pathname;
/** As docker-compose's restart policy would, soon but not in a tight loop. */
const restartDelayMs = 300;
const labServerMain = join(root, "apps/web/dist/server/main.js");
const everyInterface = new Set(["0.0.0.0", "::", "[::]"]);

/**
 * What a lab runs, without running it: each process's name, arguments and the environment it is
 * given (on top of the caller's own), whether it is restarted when it dies, and where it answers.
 * @param {{ replicas: number, replicaPorts: number[], webPort: number, dataDir: string,
 *   labHost?: string, labKey?: string, publicHost?: string, clusterSecret?: string,
 *   adminToken?: string, clientToken?: string, logLevel?: string }} options
 */
export function labProcesses(options) {
  // The replicas stay on loopback whatever the lab server binds: browsers reach them through it.
  const labHost = options.labHost ?? "127.0.0.1";
  const ids = Array.from({ length: options.replicas }, (_, i) => `node${i + 1}`);
  const port = (i) => options.replicaPorts[i] ?? options.replicaPorts[0] + i;
  const replicaUrls = Object.fromEntries(ids.map((id, i) => [id, `http://127.0.0.1:${port(i)}`]));
  const peers = ids.map((id) => `${id}=${replicaUrls[id]}`).join(",");
  const replicas = ids.map((id, i) => ({
    name: id,
    args: [...replicaArgs],
    env: {
      REPLICA_ID: id,
      PORT: String(port(i)),
      HOST: "127.0.0.1",
      PEERS: peers,
      DATA_DIR: join(options.dataDir, id),
      ...(options.clusterSecret ? { CLUSTER_SECRET: options.clusterSecret } : {}),
      ...(options.adminToken ? { ADMIN_TOKEN: options.adminToken } : {}),
      ...(options.clientToken ? { CLIENT_TOKEN: options.clientToken } : {}),
      LOG_LEVEL: options.logLevel ?? "info",
    },
    restart: true,
    healthUrl: `${replicaUrls[id]}/health`,
  }));
  // Where this machine reaches the lab server: loopback, unless it listens on one address only.
  const webHost = everyInterface.has(labHost) ? "127.0.0.1" : labHost;
  const webUrl = `http://${webHost.includes(":") ? `[${webHost}]` : webHost}:${options.webPort}`;
  const web = {
    name: "web",
    args: [labServerMain],
    env: {
      PORT: String(options.webPort),
      LAB_HOST: labHost,
      REPLICAS_URLS: peers,
      ...(options.adminToken ? { ADMIN_TOKEN: options.adminToken } : {}),
      ...(options.clientToken ? { CLIENT_TOKEN: options.clientToken } : {}),
      ...(options.labKey ? { LAB_KEY: options.labKey } : {}),
      ...(options.publicHost ? { PUBLIC_HOST: options.publicHost } : {}),
      NEXT_TELEMETRY_DISABLED: "1",
    },
    restart: false,
    healthUrl: `${webUrl}/`,
  };
  return {
    webUrl,
    replicaUrls,
    processes: [...replicas, web],
  };
}

/**
 * Starts the lab with the credentials given, or those kept under `dataDir` (generated on the first
 * start): see credentials.mjs.
 * @param {{ replicas: number, replicaPorts: number[], webPort: number, dataDir: string,
 *   labHost?: string, labKey?: string, publicHost?: string, clusterSecret?: string,
 *   adminToken?: string, clientToken?: string, logLevel?: string,
 *   output?: (line: string) => void }} options
 */
export function startLab(options) {
  const credentials = labCredentials(options.dataDir, options);
  const plan = labProcesses({ ...options, ...credentials });
  const output = options.output ?? ((line) => process.stdout.write(`${line}\n`));
  const processes = plan.processes.map(
    ({ name, args, env, restart, healthUrl }) =>
      new SupervisedProcess({
        name,
        command: process.execPath,
        args,
        env: { ...process.env, ...env },
        healthUrl,
        restartDelayMs: restart ? restartDelayMs : undefined,
        onLine: (line) => output(`[${name}] ${line}`),
      }),
  );
  for (const child of processes) child.spawn();

  return {
    webUrl: plan.webUrl,
    replicaUrls: plan.replicaUrls,
    adminToken: credentials.adminToken,
    /** Waits until every replica answers /health and the dashboard answers. */
    async ready(timeoutMs = 60_000) {
      await Promise.all(processes.map((child) => child.ready(timeoutMs)));
    },
    /** Asks every process to end (SIGTERM), and kills what still runs 5 s later. */
    async stop() {
      await Promise.all(processes.map((child) => child.stop(5000)));
    },
  };
}
