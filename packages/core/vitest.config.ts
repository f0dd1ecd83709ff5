import { packageTestConfig } from "../../vitest.shared.js";

// The core's tests are fixed workloads with no I/O (property runs, a 200,000-write buffer): about
// a second each on an idle machine, six on two cores at load 17. A timeout here would measure the
// machine, not the code.
export default packageTestConfig(import.meta.dirname, { testTimeout: 30_000 });
