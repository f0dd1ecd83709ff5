import { packageTestConfig } from "../../vitest.shared.js";

// Parsing every source file of the repository takes seconds on a loaded machine.
export default packageTestConfig(import.meta.dirname, { testTimeout: 60_000 });
