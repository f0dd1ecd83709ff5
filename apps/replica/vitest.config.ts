import { defineConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.js";

// The integration tests run real replica processes from dist, which the global setup builds.
const shared = packageTestConfig(import.meta.dirname, {
  globalSetup: ["src/buildForTests.testkit.ts"],
  testTimeout: 30_000,
  hookTimeout: 30_000,
  maxWorkers: 2,
});

// No "import" condition here: the worker passes conditions on to Node, and engine.io's
// require("ws") would then load ws's ESM wrapper, which has no WebSocket server.
const conditions = ["source", "node", "default"];
export default defineConfig({
  ...shared,
  resolve: { ...shared.resolve, conditions },
  ssr: { ...shared.ssr, resolve: { ...shared.ssr?.resolve, conditions } },
});
