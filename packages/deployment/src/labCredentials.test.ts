/**
 * The credentials `npm start` runs the lab with: generated at random on the first start, kept in
 * `${DATA_ROOT}/credentials.json` readable by its owner only, the same on every later start, and
 * replaced by what the environment gives.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { credentialsFile, labCredentials } from "../../../scripts/credentials.mjs";
import { labProcesses } from "../../../scripts/lab.mjs";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "causal-kv-credentials-"));
  dirs.push(dir);
  return join(dir, ".data");
};

describe("the lab's credentials", () => {
  it("are generated on the first start, kept with mode 0600, and reused", () => {
    const dir = dataDir();
    const first = labCredentials(dir);
    expect(first.adminToken).toMatch(/^[\w-]{40,}$/);
    expect(first.clusterSecret).toMatch(/^[\w-]{40,}$/);
    expect(first.adminToken).not.toBe(first.clusterSecret);
    const file = credentialsFile(dir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(first);
    expect(labCredentials(dir)).toEqual(first);
    expect(labCredentials(dataDir())).not.toEqual(first);
  });

  it("take what the environment gives, and keep it for the CLI", () => {
    const dir = dataDir();
    const generated = labCredentials(dir);
    const given = labCredentials(dir, { adminToken: "given-token" });
    expect(given).toEqual({ adminToken: "given-token", clusterSecret: generated.clusterSecret });
    expect(JSON.parse(readFileSync(credentialsFile(dir), "utf8"))).toEqual(given);
  });

  it("tighten a file others could read, and refuse one that is not JSON", () => {
    const dir = dataDir();
    labCredentials(dir);
    const file = credentialsFile(dir);
    writeFileSync(file, JSON.stringify({ adminToken: "a", clusterSecret: "s" }), { mode: 0o644 });
    expect(labCredentials(dir)).toEqual({ adminToken: "a", clusterSecret: "s" });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, "{");
    expect(() => labCredentials(dir)).toThrow(/is not valid JSON/);
  });

  it("reach every replica the lab runs, which listens on loopback only", () => {
    const { processes } = labProcesses({
      replicas: 2,
      replicaPorts: [5001, 5002],
      webPort: 3000,
      dataDir: "/data",
      clusterSecret: "s",
      adminToken: "a",
    });
    for (const replica of processes.filter(({ name }) => name !== "web")) {
      expect(replica.env).toMatchObject({
        HOST: "127.0.0.1",
        CLUSTER_SECRET: "s",
        ADMIN_TOKEN: "a",
      });
    }
  });
});
