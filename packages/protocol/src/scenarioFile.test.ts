import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readScenarioFile } from "./scenarioFile.js";
import { scenarioJsonSchema } from "./scenarioJsonSchema.js";

const lesson = {
  version: 1,
  id: "my-lesson",
  title: "My lesson",
  summary: "y waits for x.",
  replicas: 3,
  steps: [
    { kind: "link", from: "node1", to: "node3", set: { delayMs: 1500 } },
    { kind: "put", at: "node1", key: "x", value: "1", label: "x" },
    { kind: "await", at: "node2", has: ["x"] },
    { kind: "put", at: "node2", key: "y", value: "2", label: "y" },
    {
      kind: "ask",
      question: "Will node3 apply y at once?",
      choices: ["yes", "no"],
      answer: "no",
      explanation: "y's clock counts x.",
    },
    { kind: "settle" },
    { kind: "check", expect: { kind: "buffered", at: "node3", write: "y", until: "x" } },
  ],
};

const errorsOf = (input: unknown) => {
  const read = readScenarioFile(input);
  return read.ok ? [] : read.errors;
};

describe("scenario files", () => {
  it("reads a well-formed lesson as it is", () => {
    const read = readScenarioFile(lesson);
    expect(read.ok && read.file).toEqual(lesson);
  });

  it("names the step by index and kind, and the field, of every problem", () => {
    const steps = [...lesson.steps];
    steps[1] = { kind: "put", at: "node7", key: "x", value: "1", label: "x" };
    steps[3] = { kind: "put", at: "node2", key: "y", vaule: "2", label: "y" } as never;
    expect(errorsOf({ ...lesson, steps })).toEqual([
      "steps[3] (put).value: value must be a string",
      'steps[3] (put): unknown field "vaule"',
    ]);
    // Once each step is well-formed, the scenario's own rules: replicas it has, labels put earlier.
    steps[3] = lesson.steps[3] as never;
    expect(errorsOf({ ...lesson, steps })).toEqual([
      "steps[1] (put).at: node7 is not one of this scenario's 3 replicas (node1..node3)",
    ]);
    steps[1] = { kind: "put", at: "node1", key: "x", value: "1", label: "ex" };
    expect(errorsOf({ ...lesson, steps })).toEqual([
      'steps[2] (await).has.0: no earlier put is labelled "x"',
      'steps[6] (check).expect.until: no earlier put is labelled "x"',
    ]);
  });

  it("says which kinds a step may have, and that the answer must be a choice", () => {
    const steps = [
      { kind: "wait", ms: 3 },
      { ...lesson.steps[4], answer: "maybe" },
    ];
    const [unknownKind, badAnswer] = errorsOf({ ...lesson, steps });
    expect(unknownKind).toMatch(
      /^steps\[0\] \(wait\)\.kind: a step's kind is one of say, link, heal, put/,
    );
    expect(badAnswer).toBe('steps[1] (ask).answer: "maybe" is not one of the choices');
  });

  it("asks for version 1", () => {
    expect(errorsOf({ ...lesson, version: 2 })).toEqual([
      'version: version must be 1 (this lab reads "version": 1)',
    ]);
    expect(errorsOf({ ...lesson, version: undefined })).toHaveLength(1);
  });

  it("ships the JSON Schema generated from the zod schema (npm run schema -w @causal-kv/protocol)", () => {
    const committed = JSON.parse(
      readFileSync(new URL("../schemas/scenario.schema.json", import.meta.url), "utf8"),
    );
    expect(committed).toEqual(scenarioJsonSchema());
  });
});
