/**
 * The repository as the boundary rules see it: each npm workspace's folder, whether it is an app
 * (under apps/) or a package, the packages its manifest lets it import, and its exports map.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export type WorkspaceKind = "app" | "package";

export interface Workspace {
  readonly name: string;
  /** Relative to the repository root, with forward slashes: "packages/core". */
  readonly dir: string;
  readonly kind: WorkspaceKind;
  /** Every package its manifest names, in dependencies of any kind. */
  readonly declared: ReadonlySet<string>;
  /** The subpaths of its exports map ("." and "./testkit"); none without an exports map. */
  readonly exportPaths: ReadonlySet<string>;
}

export interface RepositoryLayout {
  readonly root: string;
  readonly workspaces: readonly Workspace[];
  /** What the root manifest declares: the tools every workspace may use (vitest, typescript). */
  readonly rootDeclared: ReadonlySet<string>;
}

interface Manifest {
  readonly name?: unknown;
  readonly workspaces?: unknown;
  readonly exports?: unknown;
  readonly [dependencyField: string]: unknown;
}

const dependencyFields = [
  "dependencies",
  "devDependencies",
  "peerDependencies",
  "optionalDependencies",
];

function readManifest(path: string): Manifest {
  const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
  if (typeof parsed !== "object" || parsed === null) throw new Error(`${path} is not an object`);
  return parsed as Manifest;
}

function declaredBy(manifest: Manifest): Set<string> {
  return new Set(
    dependencyFields.flatMap((field) => {
      const dependencies = manifest[field];
      return typeof dependencies === "object" && dependencies !== null
        ? Object.keys(dependencies)
        : [];
    }),
  );
}

function exportPathsOf(manifest: Manifest): Set<string> {
  const { exports } = manifest;
  if (typeof exports === "string") return new Set(["."]);
  if (typeof exports !== "object" || exports === null) return new Set();
  const keys = Object.keys(exports);
  // A conditions-only map ({ "import": …, "default": … }) exports the package root alone.
  return new Set(keys.every((key) => key.startsWith(".")) ? keys : ["."]);
}

/** Reads the root manifest's `workspaces`, each of the form "folder/*". */
export function readLayout(root: string): RepositoryLayout {
  const rootManifest = readManifest(join(root, "package.json"));
  const patterns = Array.isArray(rootManifest.workspaces) ? rootManifest.workspaces : [];
  const workspaces = patterns.flatMap((pattern): Workspace[] => {
    const parent = String(pattern).replace(/\/\*$/, "");
    if (parent.includes("*")) throw new Error(`unsupported workspaces pattern ${String(pattern)}`);
    if (!existsSync(join(root, parent))) return [];
    return readdirSync(join(root, parent), { withFileTypes: true })
      .filter(
        (entry) =>
          entry.isDirectory() && existsSync(join(root, parent, entry.name, "package.json")),
      )
      .map((entry) => {
        const dir = `${parent}/${entry.name}`;
        const manifest = readManifest(join(root, dir, "package.json"));
        if (typeof manifest.name !== "string") throw new Error(`${dir}/package.json has no name`);
        return {
          name: manifest.name,
          dir,
          kind: parent === "apps" ? "app" : "package",
          declared: declaredBy(manifest),
          exportPaths: exportPathsOf(manifest),
        };
      });
  });
  return { root, workspaces, rootDeclared: declaredBy(rootManifest) };
}
