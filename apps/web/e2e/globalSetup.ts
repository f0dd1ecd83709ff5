/**
 * Starts a real lab for the browser tests: replica processes and the production Next.js server on
 * free ports, with fresh data. Tests find it through LAB_URL and LAB_REPLICAS.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLab } from "../../../scripts/lab.mjs";

export const labReplicas = Number(process.env.E2E_REPLICAS ?? 3);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const ports: number[] = [];
  while (ports.length < labReplicas + 1) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  const [webPort, ...replicaPorts] = ports as [number, ...number[]];
  const dataDir = mkdtempSync(join(tmpdir(), "causal-kv-e2e-"));
  const lab = startLab({
    replicas: labReplicas,
    replicaPorts,
    webPort,
    dataDir,
    publicHost: "127.0.0.1",
    logLevel: "warn",
    output: (line) => {
      if (process.env.E2E_VERBOSE) console.log(line);
    },
  });
  try {
    await lab.ready();
  } catch (error) {
    await lab.stop();
    throw error;
  }
  process.env.LAB_URL = lab.webUrl;
  process.env.LAB_REPLICAS = JSON.stringify(lab.replicaUrls);
  return async () => {
    await lab.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
