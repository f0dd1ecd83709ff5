/**
 * The globals a workspace's code is compiled against. The DOM and Node are not imports but globals
 * (`document`, `process`, `Buffer`), so the core is kept free of them by its tsconfig: no DOM lib
 * and `types: []`. This reads every tsconfig*.json of a workspace as tsc would (extends included)
 * and names each one that compiles the given files with either.
 */
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import ts from "typescript";

export interface EnvironmentLeak {
  /** The tsconfig, relative to the root. */
  readonly config: string;
  readonly problem: string;
}

export function environmentLeaks(
  root: string,
  workspaceDir: string,
  /** Relative to the root: the files that must see neither the DOM nor Node. */
  files: ReadonlySet<string>,
): EnvironmentLeak[] {
  const dir = join(root, workspaceDir);
  const leaks: EnvironmentLeak[] = [];
  const configs = readdirSync(dir).filter((name) => /^tsconfig.*\.json$/.test(name));
  for (const name of configs) {
    const configPath = join(dir, name);
    const config = relative(root, configPath).split(sep).join("/");
    const parsed = ts.getParsedCommandLineOfConfigFile(configPath, undefined, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    });
    if (!parsed) continue;
    const compilesThem = parsed.fileNames.some((file) =>
      files.has(relative(root, file).split(sep).join("/")),
    );
    if (!compilesThem) continue;
    const { lib } = parsed.options;
    const domLibs = (lib ?? []).filter((file) => /^lib\.dom/i.test(file));
    if (lib === undefined) {
      leaks.push({ config, problem: 'sets no "lib", so the default one, with the DOM, applies' });
    } else if (domLibs.length > 0) {
      leaks.push({ config, problem: `compiles it with the DOM (${domLibs.join(", ")})` });
    }
    const { types } = parsed.options;
    if (types === undefined) {
      leaks.push({
        config,
        problem: 'sets no "types", so every @types package (Node\'s) is global',
      });
    } else if (types.length > 0) {
      leaks.push({ config, problem: `makes ${types.join(", ")} global through "types"` });
    }
  }
  return leaks;
}
