import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { statusResponseSchema } from "@causal-kv/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliBin, freePorts, startCluster, type TestCluster } from "./replicaCluster.testkit.js";

const run = promisify(execFile);

/** Runs the built `causal-kv` bin as a child process; its exit status, stdout and stderr. */
async function bin(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [cliBin, ...args], {
      env: { PATH: process.env.PATH ?? "", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startCluster();
});
afterAll(async () => {
  await cluster?.close();
});

describe("the built causal-kv bin", () => {
  it("status --json prints every replica's status and exits 0", async () => {
    expect((await bin(["put", "k", "v", "--at", "node2"], cluster.env)).code).toBe(0);
    const result = await bin(["status", "--json"], cluster.env);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const parsed = JSON.parse(result.stdout) as { replicas: { id: string; status: unknown }[] };
    expect(parsed.replicas.map((replica) => replica.id)).toEqual(["node1", "node2", "node3"]);
    const node2 = statusResponseSchema.parse(parsed.replicas[1]?.status);
    expect(node2.store.k?.[0]?.value).toBe("v");
  });

  it("exits 2 on bad input and 3 when a replica does not answer, with one sentence", async () => {
    const usage = await bin(["link", "node1", "node2", "--delay", "-"], cluster.env);
    expect(usage.code).toBe(2);
    expect(usage.stdout).toBe("");
    expect(usage.stderr.split("\n")[0]).toBe(
      'causal-kv: --delay must be a number of milliseconds from 0 to 600000, not "-"',
    );

    const [port] = await freePorts(1);
    const down = await bin(["status"], { CAUSAL_KV_REPLICAS: `node1=http://127.0.0.1:${port}` });
    expect(down.code).toBe(3);
    expect(down.stderr).toBe(
      `causal-kv: node1 at http://127.0.0.1:${port} is unreachable: connect ECONNREFUSED 127.0.0.1:${port}\n` +
        "is the cluster running? `npm start` starts node1..node3 on ports 5001-5003\n",
    );
  });
});
