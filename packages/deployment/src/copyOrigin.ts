/**
 * Traces a path a Dockerfile stage holds back to where it came from: a file of the build context,
 * or a RUN that makes it, following COPY --from through earlier stages. A path nothing makes has
 * no origin, so the test fails here rather than in `docker build`.
 */
import { posix } from "node:path";
import { copyParts, type Stage } from "./dockerfile.js";
import { globRegex } from "./dockerIgnore.js";
import type { RunOutput } from "./runOutputs.js";

export type Origin =
  | { kind: "context"; path: string }
  | { kind: "run"; stage: string; command: string; path: string };

export interface BuildInputs {
  /** Whether a path (relative to the context root) is in the build context. */
  inContext(path: string): boolean;
  /** What a RUN command creates in `workdir`. */
  runOutputs(command: string, workdir: string): RunOutput[];
}

const within = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);

/** Where `path` could have come from if COPY put `source` at `to`: as the directory's content, or as one file. */
function candidates(source: string, to: string, destIsDir: boolean, path: string): string[] {
  const found: string[] = [];
  if (within(path, to)) found.push(posix.join(source, posix.relative(to, path)));
  if (destIsDir && path === posix.join(to, posix.basename(source))) found.push(source);
  return found;
}

/**
 * The origin of absolute `path` in stage `stageIndex`, as of just before instruction `before`
 * (pass the stage's length for its final state). Later instructions win, as later layers do.
 */
export function traceOrigin(
  stages: readonly Stage[],
  stageIndex: number,
  before: number,
  path: string,
  inputs: BuildInputs,
): Origin | undefined {
  const stage = stages[stageIndex];
  if (!stage) throw new Error(`no stage ${stageIndex}`);
  for (let i = Math.min(before, stage.instructions.length) - 1; i >= 0; i--) {
    const instruction = stage.instructions[i];
    if (instruction?.keyword === "RUN") {
      for (const output of inputs.runOutputs(instruction.value, instruction.workdir)) {
        if (!within(path, output.path)) continue;
        const made = path === output.path || (!output.exact && output.copies === undefined);
        const ready = output.needs.every((need) =>
          traceOrigin(stages, stageIndex, i, need, inputs),
        );
        if (made && ready) {
          return {
            kind: "run",
            stage: stage.name ?? String(stageIndex),
            command: instruction.value,
            path,
          };
        }
        // A copy made by cp comes from wherever its original came from.
        const relative = posix.relative(output.path, path);
        if (output.copies?.some((glob) => globRegex(glob).test(relative))) {
          const original = posix.resolve(instruction.workdir, relative);
          const origin = traceOrigin(stages, stageIndex, i, original, inputs);
          if (origin) return origin;
        }
      }
    }
    if (instruction?.keyword !== "COPY") continue;
    const { sources, dest, to } = copyParts(instruction);
    for (const source of sources) {
      const destIsDir = dest.endsWith("/") || sources.length > 1;
      for (const candidate of candidates(source, to, destIsDir, path)) {
        const origin = sourceOrigin(stages, stageIndex, instruction.flags.from, candidate, inputs);
        if (origin) return origin;
      }
    }
  }
  return undefined;
}

/** The origin of a COPY source in stage `stageIndex`: the context, or stage `from` when given. */
export function sourceOrigin(
  stages: readonly Stage[],
  stageIndex: number,
  from: string | undefined,
  source: string,
  inputs: BuildInputs,
): Origin | undefined {
  if (from === undefined) return contextOrigin(source, inputs);
  const index = stages.findIndex((other, n) => other.name === from || String(n) === from);
  if (index < 0 || index >= stageIndex) throw new Error(`COPY --from=${from}: no earlier stage`);
  // A --from source is relative to that stage's root, not to its WORKDIR.
  return traceOrigin(stages, index, Number.POSITIVE_INFINITY, posix.resolve("/", source), inputs);
}

function contextOrigin(candidate: string, inputs: BuildInputs): Origin | undefined {
  const path =
    posix
      .normalize(candidate)
      .replace(/^(\.\/|\/)+/, "")
      .replace(/\/$/, "") || ".";
  return inputs.inContext(path) ? { kind: "context", path } : undefined;
}
