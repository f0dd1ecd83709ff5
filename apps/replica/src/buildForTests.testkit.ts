/**
 * Vitest global setup: the integration tests run real replica processes from `dist`, so the
 * replica and the packages it imports are compiled first, each only if its sources are newer.
 */
import { buildStale } from "@causal-kv/client/testkit/build";

export default function setup(): void {
  buildStale([
    { workspace: "packages/core", output: "index.js" },
    { workspace: "packages/protocol", output: "index.js" },
    { workspace: "apps/replica", output: "main.js" },
  ]);
}
