// Starts a whole lab as plain processes: N replicas (restarted if they die, as docker-compose's
// restart policy does) and the production Next.js server. `npm start` and the browser tests use it.
// The replicas listen on loopback only and require the lab's credentials (credentials.mjs).
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { labCredentials } from "./credentials.mjs";

const root = new URL("..", import.meta.url).pathname;
const replicaMain = join(root, "apps/replica/dist/main.js");
const nextBin = createRequire(join(root, "apps/web/package.json")).resolve("next/dist/bin/next");

/**
 * What a lab runs, without running it: each process's name, arguments and the environment it is
 * given (on top of the caller's own), and whether it is restarted when it dies.
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
  };
  return {
    webUrl,
    replicaUrls: Object.fromEntries(ids.map((id, i) => [id, `http://127.0.0.1:${port(i)}`])),
    healthUrls: [
      ...ids.map((_, i) => `http://127.0.0.1:${port(i)}/health`),
      `http://127.0.0.1:${options.webPort}/`,
    ],
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
  const children = new Map();
  let stopping = false;

  const run = (name, args, env, restart) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.set(name, child);
    const prefix = (chunk) => {
      for (const line of chunk.toString().split("\n")) if (line.trim()) output(`[${name}] ${line}`);
    };
    child.stdout.on("data", prefix);
    child.stderr.on("data", prefix);
    child.on("exit", (code, signal) => {
      if (children.get(name) === child) children.delete(name);
      if (stopping) return;
      output(`[${name}] exited (${signal ?? code})${restart ? "; restarting" : ""}`);
      if (restart) setTimeout(() => !stopping && run(name, args, env, restart), 300);
    });
    return child;
  };

  for (const { name, args, env, restart } of plan.processes) {
    if (env.DATA_DIR) mkdirSync(env.DATA_DIR, { recursive: true });
    run(name, args, env, restart);
  }

  return {
    webUrl: plan.webUrl,
    replicaUrls: plan.replicaUrls,
    adminToken: credentials.adminToken,
    /** Waits until every replica answers /health and the dashboard answers. */
    async ready(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (const url of plan.healthUrls) {
        for (;;) {
          try {
            if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) break;
          } catch {}
          if (Date.now() > deadline)
            throw new Error(`${url} did not come up within ${timeoutMs / 1000} s`);
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    },
    async stop() {
      stopping = true;
      const exits = [...children.values()].map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", resolve);
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), 5000).unref();
          }),
      );
      await Promise.all(exits);
    },
  };
}
