import { packageTestConfig } from "../../vitest.shared.js";

// The runner's tests play every scenario against real replica processes (apps/replica/dist, built
// by turbo before the tests); each scenario waits for its delays and settles.
export default packageTestConfig(import.meta.dirname, {
  testTimeout: 60_000,
  hookTimeout: 30_000,
  maxWorkers: 2,
});
