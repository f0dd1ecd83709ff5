/**
 * A scenario from a scenario file (JSON, "version": 1), checked by protocol's one schema: the
 * built-in lessons and a teacher's own are read the same way, and a bad file is refused whole.
 */
import { readScenarioFile, type ScenarioFile, scenarioFileSchema } from "@causal-kv/protocol";
import type { Scenario } from "./scenario.js";

export class ScenarioFileError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source} is not a scenario file:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "ScenarioFileError";
  }
}

/** The scenario in `input` (parsed JSON); throws a ScenarioFileError naming each problem. */
export function scenarioFromFile(input: unknown, source = "the file"): Scenario {
  const read = readScenarioFile(input);
  if (!read.ok) throw new ScenarioFileError(source, read.errors);
  const { $schema: _schema, version: _version, ...scenario } = read.file;
  return scenario;
}

/** The file that holds `scenario`: what "Save as scenario" writes and the catalog reads. */
export function scenarioFile(scenario: Scenario): ScenarioFile {
  return scenarioFileSchema.parse({ version: 1, ...scenario });
}
