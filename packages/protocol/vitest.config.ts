import { defineConfig } from "vitest/config";

// "source" makes workspace packages resolve to their TypeScript, so tests never need a build first.
export default defineConfig({
  resolve: { conditions: ["source", "import", "default"] },
  ssr: { resolve: { conditions: ["source", "import", "default"] } },
  test: { include: ["src/**/*.test.ts"] },
});
