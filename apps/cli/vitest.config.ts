import { defineConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.js";

// The tests run real replica processes and the built bin, which the global setup builds if stale.
const shared = packageTestConfig(import.meta.dirname, {
  globalSetup: ["src/buildForTests.testkit.ts"],
  testTimeout: 60_000,
  hookTimeout: 60_000,
  maxWorkers: 2,
});

// No "import" condition: the worker passes conditions on to Node, and engine.io-client's
// require("ws") would then load ws's ESM wrapper (as in apps/replica's config).
const conditions = ["source", "node", "default"];
export default defineConfig({
  ...shared,
  resolve: { ...shared.resolve, conditions },
  ssr: { ...shared.ssr, resolve: { ...shared.ssr?.resolve, conditions } },
});
