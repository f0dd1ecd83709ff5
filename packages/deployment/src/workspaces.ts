/**
 * The repository's npm workspaces as the Dockerfiles see them: each one's directory, build script
 * and the workspaces it depends on, read from the package.json files themselves.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

export interface Workspace {
  name: string;
  /** Relative to the repository root, e.g. "packages/core". */
  dir: string;
  buildScript: string | undefined;
  /** Names of the workspaces this one depends on, dev dependencies included. */
  workspaceDependencies: string[];
}

const manifestSchema = z.object({
  name: z.string(),
  workspaces: z.array(z.string()).optional(),
  scripts: z.record(z.string(), z.string()).optional(),
  dependencies: z.record(z.string(), z.string()).optional(),
  devDependencies: z.record(z.string(), z.string()).optional(),
});

export function readManifest(path: string): z.infer<typeof manifestSchema> {
  return manifestSchema.parse(JSON.parse(readFileSync(path, "utf8")));
}

/** Expands the root's `workspaces` globs, which are all of the form "folder/*". */
export function readWorkspaces(root: string): Map<string, Workspace> {
  const patterns = readManifest(join(root, "package.json")).workspaces ?? [];
  const manifests = patterns.flatMap((pattern) => {
    const parent = pattern.replace(/\/\*$/, "");
    if (parent.includes("*")) throw new Error(`unsupported workspaces pattern ${pattern}`);
    return readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}`)
      .filter((dir) => existsSync(join(root, dir, "package.json")))
      .map((dir) => ({ dir, manifest: readManifest(join(root, dir, "package.json")) }));
  });
  const names = new Set(manifests.map(({ manifest }) => manifest.name));
  return new Map(
    manifests.map(({ dir, manifest }) => [
      manifest.name,
      {
        name: manifest.name,
        dir,
        buildScript: manifest.scripts?.build,
        workspaceDependencies: Object.keys({
          ...manifest.dependencies,
          ...manifest.devDependencies,
        }).filter((name) => names.has(name)),
      },
    ]),
  );
}

/** The workspace and every workspace it depends on, directly or not: what `turbo --filter` builds. */
export function dependencyClosure(workspaces: Map<string, Workspace>, name: string): Workspace[] {
  const seen = new Map<string, Workspace>();
  const visit = (next: string) => {
    const workspace = workspaces.get(next);
    if (!workspace) throw new Error(`${next} is not a workspace`);
    if (seen.has(next)) return;
    seen.set(next, workspace);
    for (const dependency of workspace.workspaceDependencies) visit(dependency);
  };
  visit(name);
  return [...seen.values()];
}

/** Workspaces a package needs at run time: production dependencies only. */
export function runtimeClosure(root: string, workspaces: Map<string, Workspace>, name: string) {
  const seen = new Map<string, Workspace>();
  const visit = (next: string) => {
    const workspace = workspaces.get(next);
    if (!workspace || seen.has(next)) return;
    seen.set(next, workspace);
    const { dependencies = {} } = readManifest(join(root, workspace.dir, "package.json"));
    for (const dependency of Object.keys(dependencies)) visit(dependency);
  };
  visit(name);
  return [...seen.values()];
}
