/**
 * The global setup of test runs that start real processes from `dist`: compiles the workspaces
 * they need, in the order given (dependencies first), each only if a source file or its
 * package.json is newer than its output (under turbo they are already fresh and nothing runs).
 * Exported as `@causal-kv/client/testkit/build`, also under the `default` condition because vitest
 * loads a global setup without the `source` one; it imports only Node, since nothing is built yet.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** A workspace by its folder from the repository root, and the file in its `dist` to date it by. */
export interface BuildTarget {
  readonly workspace: string;
  readonly output: string;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    // Tests and test kits are never built, so editing one must not trigger a rebuild.
    else if (!/\.test\.ts$|\.testkit\.ts$/.test(entry.name)) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

export function buildStale(targets: readonly BuildTarget[]): void {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  for (const { workspace, output } of targets) {
    const dir = join(root, workspace);
    const built = join(dir, "dist", output);
    const stale =
      !existsSync(built) ||
      statSync(built).mtimeMs < newestSource(join(dir, "src")) ||
      statSync(built).mtimeMs < statSync(join(dir, "package.json")).mtimeMs;
    if (!stale) continue;
    execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], {
      cwd: dir,
      stdio: "inherit",
    });
  }
}
