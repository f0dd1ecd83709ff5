// The processes of the replica benchmark: the bare node:http JSON server that serves as the
// ceiling, replica processes, free loopback ports for them, and a way to stop them all.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { replicaArgs } from "@causal-kv/client/process";

const children = new Set();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The ceiling: parse the JSON body, reply with JSON; nothing else. */
export const bareServer = `
import { createServer } from "node:http";
createServer((req, res) => {
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (chunk) => { body += chunk; });
  req.on("end", () => {
    const parsed = JSON.parse(body);
    const reply = JSON.stringify({ key: req.url, value: parsed.value });
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(reply) });
    res.end(reply);
  });
}).listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
`;

export async function freePorts(count) {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise((resolve) => {
          const server = createServer();
          server.listen(0, "127.0.0.1", () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => server.address().port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/**
 * Starts `node <args>` (or `command <args>`) with only PATH and `env`; its stdout is drained, and
 * its stderr too when `quiet`.
 */
export function start(args, env, { command = process.execPath, quiet = false } = {}) {
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", quiet ? "ignore" : "inherit"],
  });
  children.add(child);
  child.on("exit", () => children.delete(child));
  child.stdout.resume();
  return child;
}

/** Waits until `ask(url)` answers 2xx: by default a replica's /health. */
export async function waitForHealth(url, ask = (base) => fetch(`${base}/health`)) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      if ((await ask(url)).ok) return;
    } catch {}
    await sleep(50);
  }
  throw new Error(`${url} did not start`);
}

/**
 * Starts replicas node1..node`count` of one cluster on loopback, each with its data directory
 * under `root` and `env` besides what makes it a member; `nodeArgs(i)` goes before the script
 * (e.g. `--cpu-prof`). Resolves once every one answers /health.
 */
export async function startReplicaCluster(root, { count = 3, env = {}, nodeArgs = () => [] } = {}) {
  const ports = await freePorts(count);
  const ids = ports.map((_, i) => `node${i + 1}`);
  const peers = ports.map((port, i) => `${ids[i]}=http://127.0.0.1:${port}`).join(",");
  const urls = ports.map((port) => `http://127.0.0.1:${port}`);
  const dataDirs = ids.map((id) => join(root, id));
  const children = ports.map((port, i) =>
    start([...nodeArgs(i), ...replicaArgs], {
      REPLICA_ID: ids[i],
      PORT: String(port),
      HOST: "127.0.0.1",
      PEERS: peers,
      DATA_DIR: dataDirs[i],
      ...env,
    }),
  );
  await Promise.all(urls.map((url) => waitForHealth(url)));
  return { urls, dataDirs, children };
}

/** Runs a benchmark's `main`, exiting 0 when it ends and 1, with every child killed, if it fails. */
export function runBench(main) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      killAll();
      process.exit(1);
    },
  );
}

/** Starts dashboardViewer.mjs on `urls`; `stop()` resolves with how many events it was sent. */
export async function startDashboard(urls) {
  const child = spawn(
    process.execPath,
    [new URL("dashboardViewer.mjs", import.meta.url).pathname, ...urls],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  children.add(child);
  child.on("exit", () => children.delete(child));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error("the dashboard viewer ended early");
    return value;
  };
  if ((await next()) !== "ready") throw new Error("the dashboard viewer did not connect");
  return {
    async stop() {
      child.stdin.write("stop\n");
      return JSON.parse(await next()).events;
    },
  };
}

/** Kills every process started here. */
export function killAll() {
  for (const child of children) child.kill("SIGKILL");
}
