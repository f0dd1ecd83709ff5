/**
 * Vitest global setup: the tests run real replica processes and the built `causal-kv` bin from
 * `dist`, so the replica, the CLI and the packages they import are compiled first, in dependency
 * order, each only if its sources are newer than its output.
 */
import { buildStale } from "@causal-kv/client/testkit/build";

export default function setup(): void {
  buildStale([
    { workspace: "packages/core", output: "index.js" },
    { workspace: "packages/protocol", output: "index.js" },
    { workspace: "packages/client", output: "index.js" },
    { workspace: "packages/checker", output: "index.js" },
    { workspace: "packages/scenarios", output: "index.js" },
    { workspace: "apps/replica", output: "main.js" },
    { workspace: "apps/cli", output: "bin.js" },
  ]);
}
