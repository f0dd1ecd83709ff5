/**
 * The dependency rules of the repository, checked over every import of every source file:
 * the pure workspaces (the core) import only their own files and see neither the DOM nor Node;
 * packages never import an app; apps never import each other; a workspace is imported by name,
 * through its exports map, and only if its manifest declares it; no import cycle, between files
 * (relative imports, `import type` included) or between workspaces.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { environmentLeaks } from "./compiledEnvironment.js";
import { type Graph, importCycles } from "./importCycles.js";
import { resolveImport } from "./resolveImport.js";
import { generatedFolders, importsOf, listSourceFiles } from "./sourceImports.js";
import { readLayout, type Workspace } from "./workspaceLayout.js";

export type Rule =
  | "pure-imports"
  | "pure-environment"
  | "package-imports-app"
  | "app-imports-app"
  | "undeclared-import"
  | "deep-import"
  | "unresolved-import"
  | "file-cycle"
  | "workspace-cycle";

export interface Violation {
  readonly rule: Rule;
  /** `path:line`, relative to the root, or the workspace for a workspace cycle. */
  readonly at: string;
  readonly message: string;
}

export interface BoundaryOptions {
  /** Workspaces whose own code imports nothing but its own files. */
  readonly pure?: readonly string[];
}

/** Tests, test kits, benchmarks and configs are not a workspace's own code; its src/ is. */
export function isOwnCode(workspace: Workspace, file: string): boolean {
  return file.startsWith(`${workspace.dir}/src/`) && !/\.(test|testkit)\.[cm]?[jt]sx?$/.test(file);
}

export function checkBoundaries(root: string, options: BoundaryOptions = {}): Violation[] {
  const pure = new Set(options.pure ?? ["@causal-kv/core"]);
  const layout = readLayout(root);
  const byName = new Map(layout.workspaces.map((workspace) => [workspace.name, workspace]));
  const ownerOf = (file: string) =>
    layout.workspaces.find((workspace) => file.startsWith(`${workspace.dir}/`));
  const files = listSourceFiles(root);
  const fileSet = new Set(files);
  const exists = (path: string) =>
    fileSet.has(path) || (existsSync(join(root, path)) && statSync(join(root, path)).isFile());

  const violations: Violation[] = [];
  const fileGraph = new Map<string, Set<string>>();
  const workspaceGraph = new Map<string, Set<string>>();
  const edge = (graph: Map<string, Set<string>>, from: string, to: string) => {
    const targets = graph.get(from) ?? new Set();
    targets.add(to);
    graph.set(from, targets);
  };

  for (const file of files) {
    fileGraph.set(file, fileGraph.get(file) ?? new Set());
    const owner = ownerOf(file);
    const ownCodeOfPure = owner !== undefined && pure.has(owner.name) && isOwnCode(owner, file);
    const { imports, references } = importsOf(file, readFileSync(join(root, file), "utf8"));
    if (ownCodeOfPure) {
      for (const reference of references) {
        violations.push({
          rule: "pure-environment",
          at: `${file}:1`,
          message: `${owner.name} is pure, but this file references ${reference}`,
        });
      }
    }
    for (const { specifier, line } of imports) {
      const at = `${file}:${line}`;
      const report = (rule: Rule, message: string) => violations.push({ rule, at, message });
      const target = resolveImport(file, specifier, exists, generatedFolders);

      if (target.kind === "builtin" || target.kind === "package") {
        if (ownCodeOfPure) {
          report(
            "pure-imports",
            `${owner.name} is pure and imports only its own files, but imports ${specifier}`,
          );
          continue;
        }
        if (target.kind === "builtin") continue;
        const imported = byName.get(target.name);
        if (imported) {
          if (owner && imported !== owner) edge(workspaceGraph, owner.name, imported.name);
          if (owner) crossing(owner, imported, specifier, report);
          if (!imported.exportPaths.has(target.subpath)) {
            report(
              "deep-import",
              `${specifier}: ${imported.name} exports no "${target.subpath}" (its exports map is its surface)`,
            );
          }
        }
        // The root's own scripts may use any workspace: npm links them all.
        if (!owner) continue;
        const declared =
          target.name === owner.name ||
          owner.declared.has(target.name) ||
          layout.rootDeclared.has(target.name);
        if (!declared) {
          report(
            "undeclared-import",
            `${specifier}: ${target.name} is not in ${owner.dir}/package.json`,
          );
        }
        continue;
      }

      if (target.kind === "missing") {
        report("unresolved-import", `${specifier} names no file`);
        continue;
      }
      if (target.kind === "file" && fileSet.has(target.path)) edge(fileGraph, file, target.path);
      const imported = ownerOf(target.path);
      if (ownCodeOfPure && !target.path.startsWith(`${owner.dir}/src/`)) {
        report("pure-imports", `${owner.name} is pure, but ${specifier} leaves its src/`);
        continue;
      }
      if (!owner || !imported || imported === owner) continue;
      edge(workspaceGraph, owner.name, imported.name);
      crossing(owner, imported, specifier, report);
      if (imported.kind === "package") {
        report(
          "deep-import",
          `${specifier} reaches into ${imported.dir} by path; import ${imported.name}`,
        );
      }
    }
  }

  for (const workspace of layout.workspaces.filter(({ name }) => pure.has(name))) {
    const ownCode = new Set(files.filter((file) => isOwnCode(workspace, file)));
    for (const { config, problem } of environmentLeaks(root, workspace.dir, ownCode)) {
      violations.push({
        rule: "pure-environment",
        at: config,
        message: `${workspace.name} is pure, but ${config} ${problem}`,
      });
    }
  }
  for (const cycle of importCycles(fileGraph as Graph)) {
    violations.push({
      rule: "file-cycle",
      at: cycle[0] ?? "",
      message: `import cycle: ${cycle.join(" → ")}`,
    });
  }
  for (const cycle of importCycles(workspaceGraph as Graph)) {
    violations.push({
      rule: "workspace-cycle",
      at: cycle[0] ?? "",
      message: `workspaces import each other: ${cycle.join(" → ")}`,
    });
  }
  return violations;
}

/** An import from one workspace into another: only packages may be imported. */
function crossing(
  from: Workspace,
  to: Workspace,
  specifier: string,
  report: (rule: Rule, message: string) => void,
): void {
  if (to === from || to.kind !== "app") return;
  if (from.kind === "app") {
    report("app-imports-app", `${from.name} imports the app ${to.name} (${specifier})`);
  } else {
    report("package-imports-app", `${from.name} imports the app ${to.name} (${specifier})`);
  }
}
