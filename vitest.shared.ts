/**
 * The one vitest setup every package uses. The "source" condition resolves workspace packages to
 * their TypeScript, so tests never need a build first; each run also writes a JSON report that
 * `scripts/testTotals.mjs` adds up into the closing line of `npm test`.
 */
import { basename } from "node:path";
import { defineConfig, type ViteUserConfig } from "vitest/config";

export function packageTestConfig(packageDir: string, overrides: ViteUserConfig["test"] = {}) {
  const conditions = ["source", "import", "default"];
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: {
      include: ["src/**/*.test.ts"],
      reporters: ["default", "json"],
      outputFile: { json: `../../reports/vitest/${basename(packageDir)}.json` },
      ...overrides,
    },
  });
}
