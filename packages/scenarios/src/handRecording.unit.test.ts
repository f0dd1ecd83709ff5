// Save as scenario, without a cluster: which steps the hand actions become.
import { describe, expect, it } from "vitest";
import { type HandAction, scenarioFromHandActions } from "./handRecording.js";
import { scenarioFromFile } from "./scenarioFromFile.js";

const put = (
  at: string,
  key: string,
  value: string,
  clock: Record<string, number>,
): HandAction => ({
  kind: "put",
  at,
  key,
  value,
  written: { origin: at, clock },
});

describe("scenarioFromHandActions", () => {
  it("labels writes uniquely, waits for what a writer had seen, and skips a resent copy's release", () => {
    const file = scenarioFromHandActions(
      [
        { kind: "link", from: "node1", to: "node2", set: { partitioned: true } },
        put("node1", "x", "1", { node1: 1 }),
        put("node1", "x", "1", { node1: 2 }),
        put("node2", "y", "2", { node1: 2, node2: 1 }),
        { kind: "release", from: "node1", to: "node3", write: "node1:1" },
        { kind: "release", from: "node1", to: "node3", write: "node1:1" },
        { kind: "drop", from: "node1", to: "node3", write: "node9:4" },
        { kind: "get", at: "node3", key: "y", client: { name: "Carol", session: true } },
      ],
      ["node1", "node2", "node3"],
    );
    expect(file.replicas).toBe(3);
    expect(file.steps.slice(1)).toEqual([
      { kind: "link", from: "node1", to: "node2", set: { partitioned: true } },
      { kind: "put", at: "node1", key: "x", value: "1", label: "x=1" },
      { kind: "put", at: "node1", key: "x", value: "1", label: "x=1 (2)" },
      { kind: "await", at: "node2", has: ["x=1 (2)"] },
      { kind: "put", at: "node2", key: "y", value: "2", label: "y=2" },
      { kind: "release", from: "node1", to: "node3", write: "x=1" },
      { kind: "client-get", client: "Carol", at: "node3", key: "y", session: true },
      // The cut link would keep the runner's closing settle waiting: healed last.
      { kind: "heal" },
    ]);
    // What it saves is a scenario file the schema accepts.
    expect(scenarioFromFile(JSON.parse(JSON.stringify(file))).steps).toHaveLength(9);
  });

  it("ends without a heal when every link it changed lets messages through", () => {
    const file = scenarioFromHandActions(
      [
        { kind: "link", from: "node1", to: "node2", set: { hold: true } },
        { kind: "link", from: "node1", to: "node2", set: { hold: false, delayMs: 300 } },
      ],
      ["node1", "node2"],
    );
    expect(file.steps.map((step) => step.kind)).toEqual(["say", "link", "link"]);
  });
});
