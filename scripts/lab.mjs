// Starts a whole lab as plain processes: N replicas on loopback (restarted if they die, as
// docker-compose's restart policy does) and the lab server, the one front door browsers use (the
// dashboard, with every replica under /replicas/<id>). `npm start` and the browser tests use it.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const replicaMain = join(root, "apps/replica/dist/main.js");
const labServerMain = join(root, "apps/web/dist/server/main.js");
const everyInterface = new Set(["0.0.0.0", "::", "[::]"]);

/**
 * What a lab runs, without running it: each process's name, arguments and the environment it is
 * given (on top of the caller's own), and whether it is restarted when it dies.
 * @param {{ replicas: number, replicaPorts: number[], webPort: number, dataDir: string,
 *   labHost?: string, labKey?: string, publicHost?: string, clusterSecret?: string,
 *   adminToken?: string, logLevel?: string }} options
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
    args: [replicaMain],
    env: {
      REPLICA_ID: id,
      PORT: String(port(i)),
      HOST: "127.0.0.1",
      PEERS: peers,
      DATA_DIR: join(options.dataDir, id),
      ...(options.clusterSecret ? { CLUSTER_SECRET: options.clusterSecret } : {}),
      LOG_LEVEL: options.logLevel ?? "info",
    },
    restart: true,
  }));
  const web = {
    name: "web",
    args: [labServerMain],
    env: {
      PORT: String(options.webPort),
      LAB_HOST: labHost,
      REPLICAS_URLS: peers,
      ...(options.adminToken ? { ADMIN_TOKEN: options.adminToken } : {}),
      ...(options.labKey ? { LAB_KEY: options.labKey } : {}),
      ...(options.publicHost ? { PUBLIC_HOST: options.publicHost } : {}),
      NEXT_TELEMETRY_DISABLED: "1",
    },
    restart: false,
  };
  // Where this machine reaches the lab server: loopback, unless it listens on one address only.
  const webHost = everyInterface.has(labHost) ? "127.0.0.1" : labHost;
  const webUrl = `http://${webHost.includes(":") ? `[${webHost}]` : webHost}:${options.webPort}`;
  return {
    webUrl,
    replicaUrls,
    healthUrls: [...ids.map((id) => `${replicaUrls[id]}/health`), `${webUrl}/`],
    processes: [...replicas, web],
  };
}

/**
 * @param {{ replicas: number, replicaPorts: number[], webPort: number, dataDir: string,
 *   labHost?: string, labKey?: string, publicHost?: string, clusterSecret?: string,
 *   adminToken?: string, logLevel?: string,
 *   output?: (line: string) => void }} options
 */
export function startLab(options) {
  const plan = labProcesses(options);
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
