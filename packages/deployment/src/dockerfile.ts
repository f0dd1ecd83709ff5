/**
 * Reads a Dockerfile into stages of instructions, each with its flags, its arguments and the
 * working directory it runs in. Covers what this repository's Dockerfiles use, not all of Docker.
 */
import { posix } from "node:path";

export interface Instruction {
  /** Upper case: FROM, COPY, RUN… */
  keyword: string;
  /** Leading `--name=value` options, e.g. `from` and `chown` for COPY. */
  flags: Readonly<Record<string, string>>;
  /** Everything after the flags, continuation lines joined. */
  value: string;
  /** The exec form's items, or the value split on white space. */
  args: readonly string[];
  /** The absolute directory relative paths in this instruction resolve against. */
  workdir: string;
}

export interface Stage {
  name: string | undefined;
  image: string;
  instructions: readonly Instruction[];
}

/** Joins continuation lines and drops comments and blank lines (parser directives are comments). */
function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let pending = "";
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("#")) continue;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const joined = (pending + line).trim();
    pending = "";
    if (joined !== "") lines.push(joined);
  }
  if (pending.trim() !== "") lines.push(pending.trim());
  return lines;
}

/** The items of an exec form (`["node", "main.js"]`), or undefined for a shell form. */
export function execForm(value: string): string[] | undefined {
  if (!value.startsWith("[")) return undefined;
  const items: unknown = JSON.parse(value);
  if (!Array.isArray(items) || !items.every((item) => typeof item === "string")) {
    throw new Error(`not an exec form: ${value}`);
  }
  return items;
}

function splitFlags(rest: string): { flags: Record<string, string>; value: string } {
  const flags: Record<string, string> = {};
  let value = rest;
  for (;;) {
    const flag = /^--([\w-]+)(?:=(\S*))?\s*/.exec(value);
    if (!flag) return { flags, value };
    const [whole, name = "", setting = ""] = flag;
    flags[name] = setting;
    value = value.slice(whole.length);
  }
}

export function parseDockerfile(text: string): Stage[] {
  const stages: { name: string | undefined; image: string; instructions: Instruction[] }[] = [];
  const finalWorkdir = new Map<string, string>();
  let workdir = "/";
  for (const line of logicalLines(text)) {
    const [, word = "", rest = ""] = /^(\S+)\s*(.*)$/s.exec(line) ?? [];
    const keyword = word.toUpperCase();
    const { flags, value } = splitFlags(rest);
    const args = execForm(value) ?? value.split(/\s+/).filter((part) => part !== "");
    if (keyword === "FROM") {
      const [image = "", as, name] = args;
      if (image === "") throw new Error("FROM without an image");
      const previous = stages.at(-1);
      if (previous?.name !== undefined) finalWorkdir.set(previous.name, workdir);
      stages.push({ name: as?.toUpperCase() === "AS" ? name : undefined, image, instructions: [] });
      // A stage built on an earlier one keeps its WORKDIR; the node images leave it at "/".
      workdir = finalWorkdir.get(image) ?? "/";
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${keyword} before the first FROM`);
    if (keyword === "WORKDIR") workdir = posix.resolve(workdir, value);
    stage.instructions.push({ keyword, flags, value, args, workdir });
  }
  return stages;
}

/** A COPY's sources and destination, the destination made absolute. */
export function copyParts(copy: Instruction): { sources: string[]; dest: string; to: string } {
  const dest = copy.args.at(-1);
  if (copy.keyword !== "COPY" || dest === undefined || copy.args.length < 2) {
    throw new Error(`not a COPY with a source and a destination: ${copy.value}`);
  }
  return { sources: copy.args.slice(0, -1), dest, to: posix.resolve(copy.workdir, dest) };
}

/** Names set by ENV instructions (`ENV A=1 B=2`). */
export function envNames(stage: Stage): string[] {
  return [...envValues(stage).keys()];
}

/** What ENV instructions (`ENV A=1 B=2`) set, later ones winning. */
export function envValues(stage: Stage): Map<string, string> {
  return new Map(
    stage.instructions
      .filter((instruction) => instruction.keyword === "ENV")
      .flatMap((instruction) => instruction.args)
      .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
  );
}

/** The stage `docker build` produces when no --target is given. */
export function finalStage(stages: readonly Stage[]): Stage {
  const stage = stages.at(-1);
  if (!stage) throw new Error("a Dockerfile without a stage");
  return stage;
}
