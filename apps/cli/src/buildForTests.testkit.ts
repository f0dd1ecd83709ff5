/**
 * Vitest global setup: the tests run real replica processes and the built `causal-kv` bin from
 * `dist`, so the replica, the CLI and the packages they import are compiled first, in dependency
 * order, each only if its sources are newer than its output (under turbo they are already fresh).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const packages = [
  { dir: join(root, "packages", "core"), output: "index.js" },
  { dir: join(root, "packages", "protocol"), output: "index.js" },
  { dir: join(root, "packages", "client"), output: "index.js" },
  { dir: join(root, "packages", "checker"), output: "index.js" },
  { dir: join(root, "packages", "scenarios"), output: "index.js" },
  { dir: join(root, "apps", "replica"), output: "main.js" },
  { dir: join(root, "apps", "cli"), output: "bin.js" },
];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (!/\.test\.ts$|\.testkit\.ts$/.test(entry.name)) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  for (const { dir, output } of packages) {
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
