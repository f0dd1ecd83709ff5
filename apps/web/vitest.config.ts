import { defineConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.js";

const shared = packageTestConfig(import.meta.dirname);

// No "import" condition: the worker passes conditions on to Node, and engine.io's require("ws") in
// the lab server's proxy test would then load ws's ESM wrapper (as in apps/replica's config).
const conditions = ["source", "node", "default"];
export default defineConfig({
  ...shared,
  resolve: { ...shared.resolve, conditions },
  ssr: { ...shared.ssr, resolve: { ...shared.ssr?.resolve, conditions } },
});
