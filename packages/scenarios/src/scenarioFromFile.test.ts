import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { causalChain, scenarios } from "./catalog.js";
import { ScenarioFileError, scenarioFile, scenarioFromFile } from "./scenarioFromFile.js";

const lessons = new URL("./lessons/", import.meta.url);

describe("scenario files", () => {
  it("holds every built-in scenario as a file of its own, read into the catalog", () => {
    const files = readdirSync(lessons).filter((name) => name.endsWith(".json"));
    expect(files.sort()).toEqual(scenarios.map((s) => `${s.id}.json`).sort());
    for (const name of files) {
      const json = JSON.parse(readFileSync(new URL(name, lessons), "utf8"));
      expect(json.version).toBe(1);
      expect(scenarioFromFile(json)).toEqual(scenarios.find((s) => `${s.id}.json` === name));
    }
  });

  it("writes a scenario as a file that reads back the same", () => {
    const file = scenarioFile(causalChain);
    expect(file.version).toBe(1);
    expect(scenarioFromFile(JSON.parse(JSON.stringify(file)))).toEqual(causalChain);
  });

  it("refuses a bad file whole, naming the step and field of each problem", () => {
    const file = { ...scenarioFile(causalChain), steps: [{ kind: "put", at: "node1" }] };
    expect(() => scenarioFromFile(file, "lesson.json")).toThrow(ScenarioFileError);
    try {
      scenarioFromFile(file, "lesson.json");
    } catch (error) {
      expect((error as ScenarioFileError).problems).toContain(
        "steps[0] (put).key: key must be a string",
      );
      expect((error as Error).message).toMatch(
        /^lesson.json is not a scenario file:\n {2}steps\[0\]/,
      );
    }
  });
});
