import { packageTestConfig } from "../../vitest.shared.js";

// Each test simulates hundreds of whole runs: CPU-bound, and much slower on a busy machine. The
// timeout only stops a hang; speed is not what these tests judge.
export default packageTestConfig(import.meta.dirname, { testTimeout: 120_000 });
