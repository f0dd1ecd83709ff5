import { describe, expect, it } from "vitest";
import { cli, freePorts } from "./replicaCluster.testkit.js";
import { commands } from "./runCli.js";

describe("the command line without a cluster", () => {
  it("lists every command with --help and exits 0", async () => {
    const run = await cli(["--help"]);
    expect(run.status).toBe(0);
    expect(run.stdout[0]).toBe("causal-kv: talk to a causal-kv cluster from the command line");
    for (const command of commands) {
      expect(run.stdout).toContainEqual(
        expect.stringMatching(new RegExp(`^  ${command.name} +\\S`)),
      );
    }
    expect((await cli(["help"])).stdout).toEqual(run.stdout);
  });

  it.each(commands.map((command) => [command.name]))(
    "%s --help prints its usage and at least one example",
    async (name) => {
      const run = await cli([name, "--help"]);
      expect(run.status).toBe(0);
      expect(run.stdout[0]).toMatch(new RegExp(`^usage: causal-kv ${name}\\b`));
      expect(run.stdout.some((line) => line.startsWith(`example: causal-kv ${name}`))).toBe(true);
      expect((await cli(["help", name])).stdout).toEqual(run.stdout);
    },
  );

  it("refuses no command, an unknown command and an unknown help topic with exit 2", async () => {
    expect(await cli([])).toMatchObject({
      status: 2,
      stderr: ["causal-kv: no command given", "causal-kv --help lists the commands"],
    });
    const unknown = await cli(["stats"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr[0]).toBe('causal-kv: unknown command "stats"');
    expect(unknown.stderr[1]).toContain("put, get, delete, status, watch, link, reset, scenario");
    expect((await cli(["help", "stats"])).status).toBe(2);
  });

  it("reports bad input as JSON on stderr with --json", async () => {
    const run = await cli(["put", "--json"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toEqual([]);
    expect(JSON.parse(run.stderr[0] ?? "")).toEqual({
      error: {
        code: "usage",
        message: "put: missing <key> and <value>",
        exitCode: 2,
        indefinite: false,
        hint: "usage: causal-kv put <key> <value> [--at <replica>] [--session <name> [--wait <ms>]]\n(causal-kv put --help says more)",
      },
    });
  });

  it("refuses a bad --replicas list or CAUSAL_KV_REPLICAS with exit 2", async () => {
    const bad = await cli([
      "status",
      "--replicas",
      "node1=http://127.0.0.1:1,node1=http://127.0.0.1:2",
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr[0]).toBe(
      "causal-kv: --replicas is not a replica list: node1 is listed twice",
    );
    const env = await cli(["status"], { CAUSAL_KV_REPLICAS: "9lives=http://127.0.0.1:1" });
    expect(env.status).toBe(2);
    expect(env.stderr[0]).toBe(
      'causal-kv: CAUSAL_KV_REPLICAS is not a replica list: "9lives=http://127.0.0.1:1" is not id=url with a valid replica id',
    );
  });

  it("takes --replicas before the command as well as after it", async () => {
    const [port] = await freePorts(1);
    const list = `solo=http://127.0.0.1:${port}`;
    const before = await cli(["--replicas", list, "get", "k"]);
    const after = await cli(["get", "k", "--replicas", list]);
    expect(before.status).toBe(3);
    expect(after).toEqual(before);
    expect(before.stderr[0]).toBe(
      `causal-kv: solo at http://127.0.0.1:${port} is unreachable: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });

  it("uses the npm start cluster when nothing names the replicas", async () => {
    const run = await cli(["get", "k", "--at", "node4"]);
    expect(run.status).toBe(2);
    expect(run.stderr[0]).toBe(
      'causal-kv: unknown replica "node4": the replicas are node1, node2, node3',
    );
  });
});
