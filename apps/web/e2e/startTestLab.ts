/** A real lab for browser tests: replica processes and the production dashboard on free ports. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePorts } from "@causal-kv/client/process";
import { startLab } from "../../../scripts/lab.mjs";

export interface TestLab {
  readonly url: string;
  readonly replicas: Readonly<Record<string, string>>;
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
  return { url: lab.webUrl, replicas: lab.replicaUrls, stop };
}
