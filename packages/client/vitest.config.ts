import { packageTestConfig } from "../../vitest.shared.js";

// The tests run real replica processes (apps/replica/dist, built by turbo before the tests).
export default packageTestConfig(import.meta.dirname, {
  testTimeout: 30_000,
  hookTimeout: 30_000,
  maxWorkers: 2,
});
