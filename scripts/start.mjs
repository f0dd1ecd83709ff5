// `npm start`: builds what is not built (saying what it builds), starts the lab, prints where to open
// it, stops it all on Ctrl-C. `npm start -- --host` (or LAB_HOST=0.0.0.0) opens it to the network.
// Environment (the same names docker-compose uses): REPLICAS (3), REPLICA_PORT_BASE (5001),
// WEB_PORT (3000), LAB_HOST (127.0.0.1), LAB_KEY, PUBLIC_HOST, CLUSTER_SECRET and ADMIN_TOKEN
// (generated on first start and kept in $DATA_ROOT/credentials.json), CLIENT_TOKEN, DATA_ROOT
// (.data), LOG_LEVEL.
import { join, relative } from "node:path";
import { buildWithProgress } from "./buildProgress.mjs";
import { credentialsFile } from "./credentials.mjs";

const root = new URL("..", import.meta.url).pathname;
const started = Date.now();
const env = process.env;
const number = (name, fallback, min, max) => {
  const value = env[name] === undefined || env[name] === "" ? fallback : Number(env[name]);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`${name} must be a whole number from ${min} to ${max}, got "${env[name]}"`);
    process.exit(2);
  }
  return value;
};
/** `--host` alone listens on every interface, `--host <address>` on that one, as Vite's does. */
const hostArgument = (args) => {
  const at = args.indexOf("--host");
  if (at < 0) return undefined;
  const next = args[at + 1];
  return next === undefined || next.startsWith("-") ? "0.0.0.0" : next;
};
const replicas = number("REPLICAS", 3, 1, 26);
const base = number("REPLICA_PORT_BASE", 5001, 1024, 65000);
const webPort = number("WEB_PORT", 3000, 1024, 65535);
const labHost = hostArgument(process.argv.slice(2)) ?? (env.LAB_HOST || "127.0.0.1");

try {
  await buildWithProgress(root, env);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

// Imported only now: the lab runs its processes under the client package's build.
const { startLab } = await import("./lab.mjs");
const dataDir = env.DATA_ROOT ?? join(root, ".data");
const lab = startLab({
  replicas,
  replicaPorts: Array.from({ length: replicas }, (_, i) => base + i),
  webPort,
  dataDir,
  labHost,
  labKey: env.LAB_KEY || undefined,
  publicHost: env.PUBLIC_HOST || undefined,
  clusterSecret: env.CLUSTER_SECRET,
  adminToken: env.ADMIN_TOKEN,
  clientToken: env.CLIENT_TOKEN,
  logLevel: env.LOG_LEVEL ?? "warn",
  // The lab server's own "ready" line is printed below, with the other addresses.
  output: (line) => {
    if (!line.startsWith("[web] causal-kv lab ready") && !line.startsWith("[web]   Network"))
      console.log(line);
  },
});
const stop = async () => {
  console.log("\nStopping the lab…");
  await lab.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
try {
  await lab.ready();
} catch (error) {
  console.error(String(error));
  await lab.stop();
  process.exit(1);
}
// Built by now: the addresses the lab server itself shows in its Share control.
const { labAddresses } = await import("../apps/web/dist/server/labAddresses.js");
const addresses = labAddresses(labHost, webPort, env.PUBLIC_HOST || undefined);
console.log(`\n  causal-kv lab ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
console.log(`  ➜  Local:   ${addresses.local}`);
if (addresses.network.length === 0) console.log("  ➜  Network: use --host to expose");
for (const url of addresses.network) console.log(`  ➜  Network: ${url}`);
console.log(
  `\n  ${replicas} replicas on 127.0.0.1:${base}–${base + replicas - 1}. Press Ctrl-C to stop.`,
);
console.log(
  `  credentials (ADMIN_TOKEN, CLUSTER_SECRET; the CLI reads them from here): ${relative(process.cwd(), credentialsFile(dataDir)) || credentialsFile(dataDir)}`,
);
