/**
 * The vitest setup for mutation runs. Stryker copies only this package into its sandbox, so this
 * file cannot import the shared root config; it resolves workspace packages to their TypeScript
 * the same way, and writes no test report (a mutation run is not a test run).
 */
import { defineConfig } from "vitest/config";

const conditions = ["source", "import", "default"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: { include: ["src/**/*.test.ts"], reporters: ["dot"] },
});
