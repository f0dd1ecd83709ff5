// Starts a whole lab as plain processes: N replicas (restarted if they die, as docker-compose's
// restart policy does) and the production Next.js server, each under the client's supervisor
// (built: `npm start` builds first). `npm start` and the browser tests use it.
// The replicas listen on loopback only and require the lab's credentials (credentials.mjs).
import { createRequire } from "node:module";
import { join } from "node:path";
import { replicaMain, SupervisedProcess } from "@causal-kv/client/process";
import { labCredentials } from "./credentials.mjs";

const root = new URL("..", import.meta.url).pathname;
/** As docker-compose's restart policy would, soon but not in a tight loop. */
const restartDelayMs = 300;
const nextBin = createRequire(join(root, "apps/web/package.json")).resolve("next/dist/bin/next");

/**
 * What a lab runs, without running it: each process's name, arguments and the environment it is
 * given (on top of the caller's own), whether it is restarted when it dies, and where it answers.
 * @param {{ replicas: number, replicaPorts: number[], webPort: number, dataDir: string,
 *   host?: string, publicHost?: string, clusterSecret?: string, adminToken?: string,
 *   clientToken?: string, logLevel?: string }} options
 */
export function labProcesses(options) {
  const host = options.host ?? "127.0.0.1";
  const publicHost = options.publicHost ?? "localhost";
  const ids = Array.from({ length: options.replicas }, (_, i) => `node${i + 1}`);
  const port = (i) => options.replicaPorts[i] ?? options.replicaPorts[0] + i;
  const peers = ids.map((id, i) => `${id}=http://127.0.0.1:${port(i)}`).join(",");
  const publicUrls = ids.map((id, i) => `${id}=http://${publicHost}:${port(i)}`).join(",");
  const webUrl = `http://${publicHost}:${options.webPort}`;
  const replicas = ids.map((id, i) => ({
    name: id,
    args: [replicaMain],
    env: {
      REPLICA_ID: id,
      PORT: String(port(i)),
      HOST: host,
      PEERS: peers,
      DATA_DIR: join(options.dataDir, id),
      // Browsers still call the replicas themselves, from the dashboard's page, by PUBLIC_HOST.
      ALLOWED_ORIGINS: webUrl,
      ALLOWED_HOSTS: publicHost,
      ...(options.clusterSecret ? { CLUSTER_SECRET: options.clusterSecret } : {}),
      ...(options.adminToken ? { ADMIN_TOKEN: options.adminToken } : {}),
      ...(options.clientToken ? { CLIENT_TOKEN: options.clientToken } : {}),
      LOG_LEVEL: options.logLevel ?? "info",
    },
    restart: true,
    healthUrl: `http://127.0.0.1:${port(i)}/health`,
  }));
  const web = {
    name: "web",
    args: [nextBin, "start", join(root, "apps/web"), "-p", String(options.webPort), "-H", host],
    env: {
      PORT: String(options.webPort),
      PUBLIC_REPLICA_URLS: publicUrls,
      NEXT_TELEMETRY_DISABLED: "1",
    },
    restart: false,
    healthUrl: `http://127.0.0.1:${options.webPort}/`,
  };
  return {
    webUrl,
    replicaUrls: Object.fromEntries(ids.map((id, i) => [id, `http://127.0.0.1:${port(i)}`])),
    processes: [...replicas, web],
  };
}

/**
 * Starts the lab with the credentials given, or those kept under `dataDir` (generated on the first
 * start): see credentials.mjs.
 * @param {{ replicas: number, replicaPorts: number[], webPort: number, dataDir: string,
 *   host?: string, publicHost?: string, clusterSecret?: string, adminToken?: string,
 *   clientToken?: string, logLevel?: string, output?: (line: string) => void }} options
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
