/** npm start's build report: what turbo's plan and grouped logs say is built, being built, and left. */
import { describe, expect, it } from "vitest";
import { finishedPackage, plannedTasks, progressLine } from "../../../scripts/buildProgress.mjs";

// The shape of `turbo run build --dry=json`, trimmed to what the report reads.
const dryRun = JSON.stringify({
  tasks: [
    {
      taskId: "@causal-kv/core#build",
      package: "@causal-kv/core",
      cache: { status: "HIT" },
      dependencies: [],
    },
    {
      taskId: "@causal-kv/protocol#build",
      package: "@causal-kv/protocol",
      cache: { status: "MISS" },
      dependencies: ["@causal-kv/core#build"],
    },
    {
      taskId: "@causal-kv/checker#build",
      package: "@causal-kv/checker",
      cache: { status: "MISS" },
      dependencies: ["@causal-kv/core#build"],
    },
    {
      taskId: "@causal-kv/web#build",
      package: "@causal-kv/web",
      cache: { status: "MISS" },
      dependencies: ["@causal-kv/protocol#build", "@causal-kv/checker#build"],
    },
  ],
});

describe("npm start's build report", () => {
  const tasks = plannedTasks(dryRun);

  it("reads turbo's plan: each package, whether it is cached, what it waits for", () => {
    expect(tasks.map((task) => [task.name, task.cached, task.dependsOn.length])).toEqual([
      ["@causal-kv/core", true, 0],
      ["@causal-kv/protocol", false, 1],
      ["@causal-kv/checker", false, 1],
      ["@causal-kv/web", false, 2],
    ]);
  });

  it("takes the first line of a grouped task log as that package finished, and nothing else", () => {
    expect(finishedPackage("@causal-kv/web:build: cache miss, executing 0c1d2e3f4a5b6c7d")).toBe(
      "@causal-kv/web",
    );
    expect(finishedPackage("@causal-kv/core:build: cache hit, replaying logs 9eef2c5e")).toBe(
      "@causal-kv/core",
    );
    expect(finishedPackage("@causal-kv/web:build:   ▲ Next.js 16.4.6")).toBeUndefined();
    expect(finishedPackage("@causal-kv/web:build: > next build && tsc")).toBeUndefined();
  });

  it("names what is being built now, counts only what needs building, and shows the time", () => {
    const start = progressLine(tasks, new Set(["@causal-kv/core"]), 1200);
    expect(start).toContain("0/3 1.2 s");
    expect(start).toContain("building @causal-kv/protocol, @causal-kv/checker");
    expect(start).not.toContain("@causal-kv/web");
    const later = progressLine(
      tasks,
      new Set(["@causal-kv/core", "@causal-kv/protocol", "@causal-kv/checker"]),
      41_000,
    );
    expect(later).toContain("2/3 41.0 s");
    expect(later).toMatch(/building @causal-kv\/web$/);
    const bar = (line: string) => line.split(" ")[1] ?? "";
    expect(bar(later).split("█").length).toBeGreaterThan(bar(start).split("█").length);
  });
});
