/**
 * A real lab for browser tests: replica processes and the production lab server on free ports, the
 * lab server listening on every interface as `npm start -- --host` does (the tests open it only at
 * loopback addresses); and further lab servers in front of the same replicas.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "@playwright/test";
import { startLab } from "../../../scripts/lab.mjs";

export interface TestLab {
  readonly url: string;
  readonly replicas: Readonly<Record<string, string>>;
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
  return { url: lab.webUrl, replicas: lab.replicaUrls, stop };
}

/** Another lab server (the built one) in front of replicas it reaches at `replicas` (id → URL). */
export async function startLabServer(
  replicas: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string>> = {},
): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const server: ChildProcess = spawn(
    process.execPath,
    [join(import.meta.dirname, "../dist/server/main.js")],
    {
      env: {
        ...process.env,
        PORT: String(port),
        LAB_HOST: "127.0.0.1",
        REPLICAS_URLS: Object.entries(replicas)
          .map(([id, url]) => `${id}=${url}`)
          .join(","),
        NEXT_TELEMETRY_DISABLED: "1",
        ...env,
      },
      stdio: "ignore",
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const up = () =>
    fetch(url).then(
      (answer) => answer.ok,
      () => false,
    );
  await expect.poll(up, { timeout: 30_000 }).toBe(true);
  return { url, stop: () => void server.kill() };
}
