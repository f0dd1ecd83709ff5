/**
 * `scenario --file lesson.json`: a teacher's scenario file, read and checked by the same schema as
 * the built-in ones. A file that is missing, not JSON or not a scenario is a usage error naming
 * each problem by step and field, before anything on the cluster changes.
 */
import { readFile } from "node:fs/promises";
import { type Scenario, ScenarioFileError, scenarioFromFile } from "@causal-kv/scenarios";
import { usageError } from "./cliError.js";

export async function scenarioFromPath(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`cannot read ${path}${code === "ENOENT" ? ": no such file" : `: ${code}`}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw usageError(`${path} is not JSON: ${(error as Error).message}`);
  }
  try {
    return scenarioFromFile(json, path);
  } catch (error) {
    if (error instanceof ScenarioFileError) throw usageError(error.message);
    throw error;
  }
}
