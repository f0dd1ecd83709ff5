/**
 * A small repository laid out like this one (a pure core, a protocol package, a replica and a web
 * app), written to a temporary folder with the files a test adds, so each rule can be shown to fail.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { onTestFinished } from "vitest";

const manifest = (name: string, extra: object = {}) =>
  JSON.stringify({ name, type: "module", ...extra });
const exportsRoot = { exports: { ".": { source: "./src/index.ts" } } };

const baseFiles: Readonly<Record<string, string>> = {
  "package.json": JSON.stringify({
    workspaces: ["apps/*", "packages/*"],
    devDependencies: { typescript: "5", vitest: "4" },
  }),
  "tsconfig.base.json": JSON.stringify({ compilerOptions: { lib: ["ES2023"], strict: true } }),
  "packages/core/package.json": manifest("@causal-kv/core", exportsRoot),
  "packages/core/tsconfig.json": JSON.stringify({
    extends: "../../tsconfig.base.json",
    compilerOptions: { types: [] },
    include: ["src"],
  }),
  "packages/core/src/index.ts": 'export { tick } from "./clock.js";\n',
  "packages/core/src/clock.ts": "export const tick = (n: number): number => n + 1;\n",
  "packages/core/src/clock.test.ts":
    'import { expect, it } from "vitest";\nimport { tick } from "./clock.js";\nit("ticks", () => expect(tick(1)).toBe(2));\n',
  "packages/protocol/package.json": manifest("@causal-kv/protocol", {
    ...exportsRoot,
    dependencies: { "@causal-kv/core": "0.1.0", zod: "4" },
  }),
  "packages/protocol/src/index.ts":
    'import { tick } from "@causal-kv/core";\nimport { z } from "zod";\nexport const clockSchema = z.number().transform(tick);\n',
  "apps/replica/package.json": manifest("@causal-kv/replica", {
    dependencies: { "@causal-kv/core": "0.1.0", "@causal-kv/protocol": "0.1.0" },
  }),
  "apps/replica/src/main.ts":
    'import { readFileSync } from "node:fs";\nimport { clockSchema } from "@causal-kv/protocol";\nexport const start = () => clockSchema.parse(Number(readFileSync("n", "utf8")));\n',
  "apps/web/package.json": manifest("@causal-kv/web", {
    dependencies: { "@causal-kv/core": "0.1.0" },
  }),
  "apps/web/src/page.tsx":
    'import { tick } from "@causal-kv/core";\nimport { label } from "./label";\nexport const Page = () => <p>{label(tick(0))}</p>;\n',
  "apps/web/src/label.ts": "export const label = (n: number) => String(n);\n",
};

/** The base repository with `files` added (or, for `null`, removed); deleted after the test. */
export function craftRepository(files: Readonly<Record<string, string | null>> = {}): string {
  const root = mkdtempSync(join(tmpdir(), "causal-kv-boundaries-"));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  for (const [path, text] of Object.entries({ ...baseFiles, ...files })) {
    if (text === null) continue;
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
