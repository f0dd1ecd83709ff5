import { defineConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.js";

// The tests run real replica processes (apps/replica/dist, built by turbo before the tests).
const shared = packageTestConfig(import.meta.dirname, {
  testTimeout: 30_000,
  hookTimeout: 30_000,
  maxWorkers: 2,
});

// No "import" condition here: the worker passes conditions on to Node, and engine.io's
// require("ws") (the Socket.IO server the stream tests run) would then load ws's ESM wrapper,
// which has no WebSocket server.
const conditions = ["source", "node", "default"];
export default defineConfig({
  ...shared,
  resolve: { ...shared.resolve, conditions },
  ssr: { ...shared.ssr, resolve: { ...shared.ssr?.resolve, conditions } },
});
