/** A real lab for browser tests: replica processes and the production dashboard on free ports. */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLab } from "../../../scripts/lab.mjs";

export interface TestLab {
  readonly url: string;
  readonly replicas: Readonly<Record<string, string>>;
  /** The lab's ADMIN_TOKEN, which the tests' own clients send. */
  readonly adminToken: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
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

export async function startTestLab(replicas: number): Promise<TestLab> {
  const ports: number[] = [];
  while (ports.length < replicas + 1) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  const [webPort, ...replicaPorts] = ports as [number, ...number[]];
  const dataDir = mkdtempSync(join(tmpdir(), "causal-kv-e2e-"));
  const lab = startLab({
    replicas,
    replicaPorts,
    webPort,
    dataDir,
    publicHost: "127.0.0.1",
    logLevel: "warn",
    output: (line) => {
      if (process.env.E2E_VERBOSE) console.log(line);
    },
  });
  const stop = async () => {
    await lab.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await lab.ready();
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: lab.webUrl, replicas: lab.replicaUrls, adminToken: lab.adminToken, stop };
}
