import { packageTestConfig } from "../../vitest.shared.js";

// The soaks run real replica processes (20 s on loopback, 30 s in network namespaces with --hosts),
// then wait for quiescence and read every journal.
export default packageTestConfig(import.meta.dirname, { testTimeout: 90_000, hookTimeout: 30_000 });
