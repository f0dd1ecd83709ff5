// `--session <name>` on real replica processes: the session's context is kept in a file between
// commands, so a read at a replica behind a slow link waits for the session's own write; each
// command says whether the context was reached; status shows the sessions.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cli, startCluster, type TestCluster } from "../replicaCluster.testkit.js";

let cluster: TestCluster;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  cluster = await startCluster();
});
afterAll(async () => {
  await cluster?.close();
});
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "causal-kv-sessions-"));
  env = { ...cluster.env, CAUSAL_KV_SESSIONS: dir };
  expect((await cli(["reset"], env)).status).toBe(0);
  // node1's writes reach node2 only after 1.5 s.
  expect((await cli(["link", "node1", "node2", "--delay", "1500"], env)).status).toBe(0);
  return () => rmSync(dir, { recursive: true, force: true });
});

describe("a named session", () => {
  it("keeps its context in a file, so a read at another replica waits for the session's write", async () => {
    const put = await cli(["put", "x", "mine", "--at", "node1", "--session", "alice"], env);
    expect(put.status).toBe(0);
    expect(put.stdout[1]).toBe(
      "session alice: new, so node1 had no context to wait for; it now covers node1:1",
    );
    expect(JSON.parse(readFileSync(join(dir, "alice.json"), "utf8"))).toHaveProperty("token");

    const plain = await cli(["get", "x", "--at", "node2"], env);
    expect(plain.status).toBe(1);

    const read = await cli(["get", "x", "--at", "node2", "--session", "alice"], env);
    expect(read).toMatchObject({ status: 0, stderr: [] });
    expect(read.stdout[0]).toMatch(/^x = "mine" {3}\(node1:1; clock node1:1 node2:0 node3:0\)$/);
    expect(read.stdout[1]).toBe("session alice: context reached at node2; it now covers node1:1");
  });

  it("says when the context was not reached in time, and keeps the session as it was", async () => {
    await cli(["put", "x", "mine", "--at", "node1", "--session", "alice"], env);
    const before = readFileSync(join(dir, "alice.json"), "utf8");
    const read = await cli(
      ["get", "x", "--at", "node2", "--session", "alice", "--wait", "100"],
      env,
    );
    expect(read.status).toBe(1);
    expect(read.stderr[0]).toBe(
      "causal-kv: node2 has not reached session alice's context: it lacks node1's writes up to #1. Nothing was read or written; retry, wait longer (--wait) or ask another replica (--at)",
    );
    expect(readFileSync(join(dir, "alice.json"), "utf8")).toBe(before);

    const json = await cli(
      ["delete", "x", "--at", "node2", "--session", "alice", "--wait", "0", "--json"],
      env,
    );
    expect(JSON.parse(json.stderr[0] ?? "")).toMatchObject({
      error: { code: "context-not-reached", exitCode: 1 },
    });
  });

  it("makes a write at another replica follow what the session read (as JSON)", async () => {
    await cli(["put", "post", "lunch?", "--at", "node1"], env);
    expect((await cli(["get", "post", "--at", "node1", "--session", "bob"], env)).status).toBe(0);
    const reply = await cli(
      ["put", "reply", "yes", "--at", "node2", "--session", "bob", "--json"],
      env,
    );
    expect(reply.status).toBe(0);
    expect(JSON.parse(reply.text)).toMatchObject({
      clock: { node1: 1, node2: 1 },
      session: { name: "bob", replica: "node2", contextSent: true, contextReached: true },
    });
  });

  it("is shown by status, and cleared on its next use after a cluster reset", async () => {
    await cli(["put", "x", "1", "--at", "node3", "--session", "carol"], env);
    const status = await cli(["status"], env);
    expect(status.stdout).toContain(`sessions (kept in ${dir})`);
    expect(status.stdout.at(-1)).toMatch(/^ {2}carol {2}epoch \d+ {2}observed node3:1$/);

    expect((await cli(["reset"], env)).status).toBe(0);
    expect((await cli(["status", "--session", "carol"], env)).stdout.at(-1)).toMatch(
      /\(from before the last reset: cleared on its next use\)$/,
    );
    const stale = await cli(["get", "x", "--session", "carol"], env);
    expect(stale.status).toBe(1);
    expect(stale.stderr[0]).toMatch(/session carol is from before the cluster was reset/);
    const again = await cli(["put", "x", "2", "--session", "carol"], env);
    expect(again.stdout[1]).toMatch(/^session carol: new, so node1 had no context to wait for/);
  });

  it("refuses a bad name, and --wait without --session, before sending anything", async () => {
    const bad = await cli(["get", "x", "--session", "../etc"], env);
    expect(bad.status).toBe(2);
    expect(bad.stderr[0]).toMatch(/--session takes a name of 1 to 64 letters/);
    expect((await cli(["get", "x", "--wait", "10"], env)).stderr[0]).toBe(
      "causal-kv: get: --wait is for --session",
    );
    expect((await cli(["get", "x", "--session", "a", "--wait", "20000"], env)).status).toBe(2);
  });
});
