// The catalog is data the dashboard and the CLI show as is: every scenario must be well formed
// (its replicas exist, its labels are written before they are named, it teaches with words).
import { describe, expect, test } from "vitest";
import { scenarios } from "./catalog.js";
import type { Scenario, ScenarioStep } from "./scenario.js";

function replicasNamed(step: ScenarioStep): string[] {
  switch (step.kind) {
    case "link":
    case "release-newest-first":
      return [step.from, step.to];
    case "put":
    case "client-put":
    case "client-get":
    case "await":
    case "await-arrived":
      return [step.at];
    case "crash":
    case "await-up":
      return [step.replica];
    case "check":
      if (step.expect.kind === "buffered") return [step.expect.at];
      if (step.expect.kind === "restarted") return [step.expect.replica];
      return [];
    default:
      return [];
  }
}

function labelsNamed(step: ScenarioStep): string[] {
  if (step.kind === "await") return [...step.has];
  if (step.kind === "await-arrived") return [step.write];
  if (step.kind === "check" && step.expect.kind === "buffered")
    return [step.expect.write, step.expect.until];
  if (step.kind === "check" && step.expect.kind === "concurrent") return [...step.expect.writes];
  if (step.kind === "check" && step.expect.kind === "depends")
    return [step.expect.write, step.expect.on];
  return [];
}

test("ids are unique and every scenario has a title, a summary and something to say", () => {
  expect(new Set(scenarios.map((s) => s.id)).size).toBe(scenarios.length);
  for (const scenario of scenarios) {
    expect(scenario.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(scenario.title.length).toBeGreaterThan(0);
    expect(scenario.summary).toMatch(/\.$/);
    expect(scenario.steps.some((step) => step.kind === "say")).toBe(true);
  }
});

describe.each(scenarios.map((s): [string, Scenario] => [s.title, s]))("%s", (_title, scenario) => {
  test("names only replicas node1..nodeN of the N it asks for", () => {
    const allowed = Array.from({ length: scenario.replicas }, (_, i) => `node${i + 1}`);
    for (const step of scenario.steps) {
      for (const id of replicasNamed(step)) expect(allowed).toContain(id);
    }
  });

  test("names a write only after a put has given it that label, and labels once", () => {
    const written = new Set<string>();
    for (const step of scenario.steps) {
      for (const label of labelsNamed(step)) expect(written).toContain(label);
      if (step.kind === "put" || step.kind === "client-put") {
        expect(written).not.toContain(step.label);
        written.add(step.label);
      }
    }
  });

  test("narration that has a write wait in the buffer says what to watch instead in a naive run", () => {
    for (const step of scenario.steps) {
      if (step.kind !== "say" || !/buffer/.test(step.text)) continue;
      expect(step.naive, step.text).toMatch(/naive delivery/);
      expect(step.naive).not.toMatch(/waits?\b/);
    }
  });

  test("links never point at their own replica", () => {
    for (const step of scenario.steps) {
      if (step.kind === "link" || step.kind === "release-newest-first")
        expect(step.to).not.toBe(step.from);
    }
  });
});
