/**
 * What a Dockerfile RUN leaves behind, judged from the repository rather than assumed: `turbo run
 * build` yields a workspace's dist only if its build script runs tsc with that outDir, and its
 * .next only if it runs next build with a next.config; each needs its sources and an install first.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { z } from "zod";
import { dependencyClosure, type Workspace } from "./workspaces.js";

export interface RunOutput {
  /** An absolute path the command creates. */
  path: string;
  /** mkdir: the folder itself, empty, and nothing below it. */
  exact: boolean;
  /** cp: what lies below `path` are copies of these globs, relative to the working directory. */
  copies: string[] | undefined;
  /** Absolute paths that must exist before the command for it to create `path`. */
  needs: string[];
}

const tsconfigSchema = z.object({ compilerOptions: z.object({ outDir: z.string() }) });

/**
 * Paths (relative to the workdir) a workspace's build script writes, and the inputs it reads. A
 * script may chain commands with &&: each tsc -p writes its outDir, next build writes .next.
 */
function buildOutputs(root: string, workspace: Workspace): { made: string[]; needs: string[] } {
  const dir = workspace.dir;
  const made: string[] = [];
  const needs = new Set<string>();
  for (const command of (workspace.buildScript ?? "").split(/\s*&&\s*/)) {
    const tsc = /^tsc -p (\S+)$/.exec(command)?.[1];
    if (tsc !== undefined) {
      const { compilerOptions } = tsconfigSchema.parse(
        JSON.parse(readFileSync(join(root, dir, tsc), "utf8")),
      );
      made.push(posix.join(dir, compilerOptions.outDir));
      for (const path of [`${dir}/package.json`, `${dir}/${tsc}`, `${dir}/src`]) needs.add(path);
    }
    if (command === "next build") {
      const config = ["next.config.ts", "next.config.mjs", "next.config.js"].find((file) =>
        existsSync(join(root, dir, file)),
      );
      if (config === undefined) continue;
      made.push(`${dir}/.next`);
      for (const path of [`${dir}/package.json`, `${dir}/${config}`, `${dir}/src`]) needs.add(path);
    }
  }
  return { made, needs: [...needs] };
}

/** What the shell command creates when run in `workdir` of a copy of the repository. */
export function runOutputs(
  command: string,
  workdir: string,
  root: string,
  workspaces: Map<string, Workspace>,
): RunOutput[] {
  const at = (path: string) => posix.resolve(workdir, path);
  const outputs: RunOutput[] = [];
  for (const step of command.split(/\s*&&\s*/)) {
    const allWords = step.split(/\s+/).filter((word) => word !== "");
    // Leading NAME=value words set the environment of this one step.
    const assignments = allWords.findIndex((word) => !/^[A-Z_][A-Z0-9_]*=/.test(word));
    const stepEnv = new Map(
      allWords
        .slice(0, assignments < 0 ? allWords.length : assignments)
        .map((word) => [word.slice(0, word.indexOf("=")), word.slice(word.indexOf("=") + 1)]),
    );
    const words = allWords.slice(stepEnv.size);
    const operands = words.slice(1).filter((word) => !word.startsWith("-"));
    if (words[0] === "npm" && (words[1] === "ci" || words[1] === "install")) {
      outputs.push({ path: at("node_modules"), exact: false, copies: undefined, needs: [] });
    }
    if (words[0] === "mkdir") {
      outputs.push(
        ...operands.map((path) => ({ path: at(path), exact: true, copies: undefined, needs: [] })),
      );
    }
    const dest = operands.at(-1);
    if (words[0] === "cp" && dest !== undefined && operands.length > 1) {
      outputs.push({ path: at(dest), exact: false, copies: operands.slice(0, -1), needs: [] });
    }
    const filter = /\bturbo run build\b.*--filter=(\S+)/.exec(step)?.[1];
    for (const workspace of filter ? dependencyClosure(workspaces, filter) : []) {
      const { made, needs } = buildOutputs(root, workspace);
      const inputs = ["node_modules", ...needs].map(at);
      outputs.push(
        ...made.map((path) => ({ path: at(path), exact: false, copies: undefined, needs: inputs })),
      );
    }
  }
  return outputs;
}
