/**
 * The JSON Schema of a scenario file, generated from its zod schema so editors check what the lab
 * checks; the committed copy (schemas/scenario.schema.json) is kept equal to it by a test.
 */
import { z } from "zod";
import { scenarioFileSchema } from "./scenarioFile.js";

export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(scenarioFileSchema, { io: "input" }),
    $id: "https://causal-kv.dev/schemas/scenario.schema.json",
    title: "causal-kv scenario file",
    description:
      'A teaching scenario for the causal-kv lab: "version": 1, an id, a title, a summary, how many replicas (node1..nodeN) and its steps.',
  };
}
