/**
 * A real lab for browser tests: replica processes and the production lab server on free ports, the
 * lab server listening on every interface as `npm start -- --host` does (the tests open it only at
 * loopback addresses); and further lab servers in front of the same replicas.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePorts, SupervisedProcess } from "@causal-kv/client/process";
import { startLab } from "../../../scripts/lab.mjs";

export interface TestLab {
  readonly url: string;
  readonly replicas: Readonly<Record<string, string>>;
  /** The lab's ADMIN_TOKEN, which the tests' own clients send. */
  readonly adminToken: string;
  stop(): Promise<void>;
}

export async function startTestLab(replicas: number): Promise<TestLab> {
  const [webPort, ...replicaPorts] = (await freePorts(replicas + 1)) as [number, ...number[]];
  const dataDir = mkdtempSync(join(tmpdir(), "causal-kv-e2e-"));
  const lab = startLab({
    replicas,
    replicaPorts,
    webPort,
    dataDir,
    labHost: "0.0.0.0",
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

/**
 * Another lab server (the built one) in front of replicas it reaches at `replicas` (id → URL), with
 * the shared lab's admin token.
 */
export async function startLabServer(
  replicas: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string>> = {},
): Promise<{ url: string; stop(): Promise<void> }> {
  const [port] = await freePorts(1);
  const url = `http://127.0.0.1:${port}`;
  const server = new SupervisedProcess({
    name: "lab server",
    command: process.execPath,
    args: [join(import.meta.dirname, "../dist/server/main.js")],
    env: {
      ...process.env,
      PORT: String(port),
      LAB_HOST: "127.0.0.1",
      REPLICAS_URLS: Object.entries(replicas)
        .map(([id, replicaUrl]) => `${id}=${replicaUrl}`)
        .join(","),
      NEXT_TELEMETRY_DISABLED: "1",
      // The shared lab's replicas want its operator token, which every lab server in front holds.
      ...(process.env.LAB_ADMIN_TOKEN ? { ADMIN_TOKEN: process.env.LAB_ADMIN_TOKEN } : {}),
      ...env,
    },
    healthUrl: `${url}/`,
  });
  await server.start(30_000);
  return { url, stop: () => server.stop(5000) };
}
