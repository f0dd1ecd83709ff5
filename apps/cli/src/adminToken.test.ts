/**
 * The admin token: where the CLI finds it (`--admin-token`, CAUSAL_KV_ADMIN_TOKEN, then the file
 * `npm start` writes under DATA_ROOT), and a real cluster that requires it, and a client token for
 * its stream, refusing the CLI without it and taking every command with it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialsPath, resolveAdminToken } from "./adminToken.js";
import { CliError } from "./cliError.js";
import {
  cli,
  cliUntilStopped,
  eventually,
  startCluster,
  type TestCluster,
} from "./replicaCluster.testkit.js";

const adminToken = "cli-admin-token";
let dataRoot: string;
let cluster: TestCluster;

beforeAll(async () => {
  dataRoot = mkdtempSync(join(tmpdir(), "causal-kv-cli-credentials-"));
  cluster = await startCluster(3, { ADMIN_TOKEN: adminToken, CLIENT_TOKEN: "cli-client-token" });
});
afterAll(async () => {
  await cluster?.close();
  rmSync(dataRoot, { recursive: true, force: true });
});

describe("where the admin token comes from", () => {
  it("takes --admin-token, else CAUSAL_KV_ADMIN_TOKEN, else the credentials file", () => {
    writeFileSync(
      credentialsPath(dataRoot),
      JSON.stringify({ adminToken: "from-file", clusterSecret: "s" }),
    );
    expect(resolveAdminToken({ option: "opt", env: "env", dataRoot })).toBe("opt");
    expect(resolveAdminToken({ env: "env", dataRoot })).toBe("env");
    expect(resolveAdminToken({ dataRoot })).toBe("from-file");
    expect(resolveAdminToken({ dataRoot: join(dataRoot, "missing") })).toBeUndefined();
  });

  it("refuses a credentials file it cannot read as bad input", () => {
    for (const text of ["{not json", '{"clusterSecret":"s"}', '{"adminToken":""}']) {
      writeFileSync(credentialsPath(dataRoot), text);
      expect(() => resolveAdminToken({ dataRoot }), text).toThrow(CliError);
      expect(() => resolveAdminToken({ dataRoot }), text).toThrow(/is not a credentials file/);
    }
    // A token given otherwise wins, so a broken file is not even read.
    expect(resolveAdminToken({ env: "env", dataRoot })).toBe("env");
  });
});

describe("a cluster that requires the admin token", () => {
  it("refuses the CLI without it, saying where to find it, and changes nothing", async () => {
    const before = await cli(["status", "--json"], {
      ...cluster.env,
      CAUSAL_KV_ADMIN_TOKEN: adminToken,
    });
    const run = await cli(["reset"], cluster.env);
    expect(run.status).toBe(1);
    expect(run.stderr[0]).toMatch(/refused: .*\(401 unauthorized\)/);
    expect(run.stderr[1]).toContain("--admin-token");
    const wrong = await cli(["put", "k", "v", "--admin-token", "guess"], cluster.env);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr[0]).toMatch(/\(403 forbidden\)/);
    const after = await cli(["status", "--json"], {
      ...cluster.env,
      CAUSAL_KV_ADMIN_TOKEN: adminToken,
    });
    expect(after.text).toBe(before.text);
  });

  it("takes every command with it, from the option, the environment or the file", async () => {
    writeFileSync(credentialsPath(dataRoot), JSON.stringify({ adminToken, clusterSecret: "s" }));
    const ways: Record<string, string>[] = [
      { CAUSAL_KV_ADMIN_TOKEN: adminToken },
      { DATA_ROOT: dataRoot },
    ];
    for (const way of ways) {
      const env = { ...cluster.env, ...way };
      expect((await cli(["reset"], env)).status).toBe(0);
      expect((await cli(["put", "color", "red", "--at", "node2"], env)).status).toBe(0);
      expect((await cli(["link", "node1", "node3", "--delay", "10"], env)).status).toBe(0);
      expect((await cli(["status"], env)).status).toBe(0);
    }
    const withOption = ["--admin-token", adminToken];
    expect((await cli(["get", "color", ...withOption], cluster.env)).text).toContain("red");
    expect((await cli(["scenario", "causal-chain", ...withOption], cluster.env)).status).toBe(0);
  });

  it("watches the stream, which needs the client token or the admin token", async () => {
    const env = { ...cluster.env, CAUSAL_KV_ADMIN_TOKEN: adminToken };
    const watch = cliUntilStopped(["watch", "node1"], env);
    await eventually(() => watch.stdout.some((line) => line.includes("connected:")), "a snapshot");
    expect((await cli(["put", "seen", "1", "--at", "node1"], env)).status).toBe(0);
    await eventually(() => watch.stdout.some((line) => line.includes("write")), "the write");
    expect(await watch.stop()).toBe(0);
  });
});
