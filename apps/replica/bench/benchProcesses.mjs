// The processes of the replica benchmark: the bare node:http JSON server that serves as the
// ceiling, replica processes, free loopback ports for them, and a way to stop them all.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { createInterface } from "node:readline";

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

export async function waitForHealth(url) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {}
    await sleep(50);
  }
  throw new Error(`${url} did not start`);
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
