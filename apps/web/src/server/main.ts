/**
 * Starts the lab server: reads the environment, prepares Next.js in this process (a custom server,
 * so pages, replicas and the lab key share one port), listens, and prints where to open it.
 * `--dev` runs Next's development server (hot reload) behind the same front door.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import nextModule from "next";
import { labEnv, settleNodeEnv } from "../env.ts";
import { labAddresses } from "./labAddresses.ts";
import { createLabServer } from "./labServer.ts";

const dev = process.argv.includes("--dev");
settleNodeEnv(dev);
const env = labEnv();
// dist/server/main.js → apps/web, where next.config.mjs and .next are.
const dir = join(dirname(fileURLToPath(import.meta.url)), "../..");
// Next's entry is CommonJS, `module.exports = createServer`, which Node hands an ES import as the
// default; its types describe the transpiled shape (a `default` property), so they are corrected here.
const next = nextModule as unknown as typeof nextModule.default;
const app = next({ dev, dir, hostname: env.host, port: env.port });
await app.prepare();
const pages = app.getRequestHandler();
const upgrade = app.getUpgradeHandler();

const server = createLabServer({
  replicas: env.replicas,
  replicaToken: env.replicaToken,
  labKey: env.labKey,
  hostNames: env.publicHost === undefined ? [] : [env.publicHost],
  pages: (request, response) => void pages(request, response),
  ...(dev ? { pageUpgrade: (request, socket, head) => void upgrade(request, socket, head) } : {}),
});
server.listen(env.port, env.host, () => {
  const addresses = labAddresses(env.host, env.port, env.publicHost);
  console.log(`causal-kv lab ready: Local ${addresses.local}`);
  for (const url of addresses.network) console.log(`  Network ${url}`);
});

const stop = () => {
  server.close();
  server.closeAllConnections();
  void app.close().finally(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
