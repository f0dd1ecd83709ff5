// `npm start`: builds what is not built, starts the lab, prints its URL, stops it all on Ctrl-C.
// Environment (the same names docker-compose uses): REPLICAS (3), REPLICA_PORT_BASE (5001),
// WEB_PORT (3000), PUBLIC_HOST (localhost), CLUSTER_SECRET and ADMIN_TOKEN (generated on first
// start and kept in $DATA_ROOT/credentials.json), CLIENT_TOKEN, DATA_ROOT (.data), LOG_LEVEL.
import { execSync } from "node:child_process";
import { join, relative } from "node:path";
import { credentialsFile } from "./credentials.mjs";

const root = new URL("..", import.meta.url).pathname;
const env = process.env;
const number = (name, fallback, min, max) => {
  const value = env[name] === undefined || env[name] === "" ? fallback : Number(env[name]);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`${name} must be a whole number from ${min} to ${max}, got "${env[name]}"`);
    process.exit(2);
  }
  return value;
};
const replicas = number("REPLICAS", 3, 1, 26);
const base = number("REPLICA_PORT_BASE", 5001, 1024, 65000);
const webPort = number("WEB_PORT", 3000, 1024, 65535);

console.log("Building what is not built yet (turbo caches the rest)…");
execSync("npx turbo run build --output-logs=errors-only", {
  cwd: root,
  stdio: "inherit",
  env: { ...env, NEXT_TELEMETRY_DISABLED: "1" },
});

// Imported only now: the lab runs its processes under the client package's build.
const { startLab } = await import("./lab.mjs");
const dataDir = env.DATA_ROOT ?? join(root, ".data");
const lab = startLab({
  replicas,
  replicaPorts: Array.from({ length: replicas }, (_, i) => base + i),
  webPort,
  dataDir,
  publicHost: env.PUBLIC_HOST ?? "localhost",
  clusterSecret: env.CLUSTER_SECRET,
  adminToken: env.ADMIN_TOKEN,
  clientToken: env.CLIENT_TOKEN,
  logLevel: env.LOG_LEVEL ?? "warn",
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
console.log(`\ncausal-kv lab is running: open ${lab.webUrl}`);
console.log(
  `replicas: ${Object.entries(lab.replicaUrls)
    .map(([id, url]) => `${id} ${url}`)
    .join(", ")}`,
);
console.log(
  `credentials (ADMIN_TOKEN, CLUSTER_SECRET; the CLI reads them from here): ${relative(process.cwd(), credentialsFile(dataDir)) || credentialsFile(dataDir)}`,
);
console.log("Press Ctrl-C to stop.");
