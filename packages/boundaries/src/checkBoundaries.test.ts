import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkBoundaries, type Violation } from "./checkBoundaries.js";
import { craftRepository } from "./craftedRepository.testkit.js";

const repositoryRoot = fileURLToPath(new URL("../../..", import.meta.url));
const shown = (violations: readonly Violation[]) =>
  violations.map(({ rule, at, message }) => `${rule} ${at}: ${message}`);
/** Only rule and place, for the crafted cases. */
const found = (files: Record<string, string | null>) =>
  checkBoundaries(craftRepository(files)).map(({ rule, at }) => `${rule} ${at}`);

describe("this repository", () => {
  it("keeps every boundary: a pure core, packages above apps, apps apart, no cycles", () => {
    expect(shown(checkBoundaries(repositoryRoot))).toEqual([]);
  });
});

describe("a crafted repository", () => {
  it("passes as crafted, so each failure below comes from the one file it adds", () => {
    expect(found({})).toEqual([]);
  });

  it("fails when the core imports Node, by either name", () => {
    expect(
      found({
        "packages/core/src/clock.ts": 'import { now } from "node:perf_hooks";\nimport "fs";\n',
      }),
    ).toEqual([
      "pure-imports packages/core/src/clock.ts:1",
      "pure-imports packages/core/src/clock.ts:2",
    ]);
  });

  it("fails when the core imports any package, from npm or a workspace, or leaves its src/", () => {
    expect(
      found({
        "packages/core/src/clock.ts": [
          'import { z } from "zod";',
          'import type { clockSchema } from "@causal-kv/protocol";',
          'export type { Page } from "../../../apps/web/src/page";',
        ].join("\n"),
      }),
    ).toEqual([
      "pure-imports packages/core/src/clock.ts:1",
      "pure-imports packages/core/src/clock.ts:2",
      "pure-imports packages/core/src/clock.ts:3",
    ]);
  });

  it("lets the core's tests use their tools, and Node", () => {
    expect(
      found({
        "packages/core/src/replay.test.ts":
          'import { readFileSync } from "node:fs";\nimport { it } from "vitest";\nimport { tick } from "./clock.js";\n',
      }),
    ).toEqual([]);
  });

  it("fails when the core is compiled with the DOM or Node's globals, or references them", () => {
    expect(
      found({
        "packages/core/tsconfig.json": JSON.stringify({
          extends: "../../tsconfig.base.json",
          compilerOptions: { lib: ["ES2023", "DOM"], types: ["node"] },
          include: ["src"],
        }),
      }),
    ).toEqual([
      "pure-environment packages/core/tsconfig.json",
      "pure-environment packages/core/tsconfig.json",
    ]);
    expect(
      found({
        "tsconfig.base.json": JSON.stringify({ compilerOptions: { strict: true } }),
        "packages/core/tsconfig.json": JSON.stringify({
          extends: "../../tsconfig.base.json",
          include: ["src"],
        }),
      }),
    ).toEqual([
      "pure-environment packages/core/tsconfig.json",
      "pure-environment packages/core/tsconfig.json",
    ]);
    expect(
      found({ "packages/core/src/clock.ts": '/// <reference lib="dom" />\nexport const a = 1;\n' }),
    ).toEqual(["pure-environment packages/core/src/clock.ts:1"]);
  });

  it("fails when a package imports an app, by name or by path", () => {
    expect(
      found({
        "packages/protocol/src/page.ts":
          'import { Page } from "@causal-kv/web";\nimport type { label } from "../../../apps/web/src/label";\n',
        "packages/protocol/package.json": JSON.stringify({
          name: "@causal-kv/protocol",
          exports: { ".": "./src/index.ts" },
          dependencies: { "@causal-kv/core": "0.1.0", "@causal-kv/web": "0.1.0", zod: "4" },
        }),
      }),
    ).toEqual([
      "package-imports-app packages/protocol/src/page.ts:1",
      "deep-import packages/protocol/src/page.ts:1",
      "package-imports-app packages/protocol/src/page.ts:2",
    ]);
  });

  it("fails when an app imports another app, by name or by path", () => {
    expect(
      found({
        "apps/web/src/start.ts":
          'export { start } from "@causal-kv/replica";\nconst main = () => import("../../replica/src/main.js");\n',
      }),
    ).toEqual([
      "app-imports-app apps/web/src/start.ts:1",
      "deep-import apps/web/src/start.ts:1",
      "undeclared-import apps/web/src/start.ts:1",
      "app-imports-app apps/web/src/start.ts:2",
    ]);
  });

  it("fails on a cycle of files, through import type, re-exports and import() alike", () => {
    const violations = checkBoundaries(
      craftRepository({
        "apps/replica/src/a.ts": 'import type { B } from "./b.js";\nexport type A = B[];\n',
        "apps/replica/src/b.ts": 'export { c } from "./c.js";\nexport type B = number;\n',
        "apps/replica/src/c.ts": 'export const c = () => import("./a.js");\n',
      }),
    );
    expect(shown(violations)).toEqual([
      "file-cycle apps/replica/src/a.ts: import cycle: apps/replica/src/a.ts → apps/replica/src/b.ts → apps/replica/src/c.ts → apps/replica/src/a.ts",
    ]);
  });

  it("fails when workspaces import each other", () => {
    const checker = JSON.stringify({
      name: "@causal-kv/checker",
      exports: { ".": "./src/index.ts" },
      dependencies: { "@causal-kv/protocol": "0.1.0" },
    });
    expect(
      found({
        "packages/checker/package.json": checker,
        "packages/checker/src/index.ts": 'export { clockSchema } from "@causal-kv/protocol";\n',
        "packages/protocol/src/judge.ts": 'export * from "@causal-kv/checker";\n',
        "packages/protocol/package.json": JSON.stringify({
          name: "@causal-kv/protocol",
          exports: { ".": "./src/index.ts" },
          dependencies: { "@causal-kv/core": "0.1.0", "@causal-kv/checker": "0.1.0", zod: "4" },
        }),
      }),
    ).toEqual(["workspace-cycle @causal-kv/checker"]);
  });

  it("fails on an import its manifest does not declare, a deep path, or no file", () => {
    expect(
      found({
        "apps/web/src/chart.ts": [
          'import * as d3 from "d3";',
          'import { tick } from "@causal-kv/core/src/clock.js";',
          'import { clockSchema } from "../../../packages/protocol/src/index.js";',
          'import { missing } from "./missing";',
        ].join("\n"),
        "scripts/start.mjs": 'import { tick } from "@causal-kv/core/clock";\n',
      }),
    ).toEqual([
      "undeclared-import apps/web/src/chart.ts:1",
      "deep-import apps/web/src/chart.ts:2",
      "deep-import apps/web/src/chart.ts:3",
      "unresolved-import apps/web/src/chart.ts:4",
      "deep-import scripts/start.mjs:1",
    ]);
  });
});
