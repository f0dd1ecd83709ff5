import { packageTestConfig } from "../../vitest.shared.js";

// The soak runs real replica processes for 20 s, then waits for quiescence and reads every journal.
export default packageTestConfig(import.meta.dirname, { testTimeout: 90_000, hookTimeout: 30_000 });
