/**
 * Vitest global setup: the integration tests run real replica processes from `dist`, so the
 * replica and the packages it imports are compiled first, each only if its sources are newer.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const packages = [
  { dir: join(root, "packages", "core"), output: "index.js" },
  { dir: join(root, "packages", "protocol"), output: "index.js" },
  { dir: join(root, "apps", "replica"), output: "main.js" },
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
