import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { causalChain, scenarioFile } from "@causal-kv/scenarios";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, startCluster, type TestCluster } from "../replicaCluster.testkit.js";

let cluster: TestCluster;
const dir = mkdtempSync(join(tmpdir(), "causal-kv-lesson-"));
beforeAll(async () => {
  cluster = await startCluster();
});
afterAll(async () => {
  await cluster?.close();
});

function lessonFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return path;
}

describe("scenario --file runs a teacher's scenario file", () => {
  it("runs the file's steps to its verdict, as a built-in scenario", async () => {
    const path = lessonFile("lesson.json", {
      ...scenarioFile(causalChain),
      id: "my-chain",
      title: "My chain",
      summary: "y waits for x, in my own words.",
    });
    const run = await cli(["scenario", "--file", path, "--yes"], cluster.env);
    expect(run.stderr).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.stdout[0]).toBe("My chain: y waits for x, in my own words.");
    expect(run.stdout).toContain('  → node2 writes y = "2"');
    expect(run.stdout.at(-1)).toBe("My chain: held");
  });

  it("refuses a file that is not a scenario with each problem's step and field, exit 2", async () => {
    const file = scenarioFile(causalChain);
    const path = lessonFile("bad.json", {
      ...file,
      steps: [...file.steps, { kind: "put", at: "node9", key: "z", value: 3, label: "z" }],
    });
    const run = await cli(["scenario", "--file", path], cluster.env);
    expect(run.status).toBe(2);
    expect(run.stdout).toEqual([]);
    const text = run.stderr.join("\n");
    expect(text).toContain(`${path} is not a scenario file:`);
    expect(text).toContain(`steps[${file.steps.length}] (put).value: value must be a string`);

    const notJson = await cli(["scenario", "--file", lessonFile("x.json", "{ oops")], cluster.env);
    expect(notJson.status).toBe(2);
    expect(notJson.stderr.join("\n")).toContain("is not JSON");
    const missing = await cli(["scenario", "--file", join(dir, "none.json")], cluster.env);
    expect(missing.stderr.join("\n")).toContain("none.json: no such file");
    const both = await cli(["scenario", "causal-chain", "--file", path], cluster.env);
    expect(both.status).toBe(2);
  });
});
