import { digestValue } from "@causal-kv/core";
import { describe, expect, it } from "vitest";
import { checkConvergence, storeOf } from "./checkConvergence.js";
import { deliverEvent, write, writeEvent } from "./journal.testkit.js";
import type { Trace } from "./trace.js";

const a1 = write("node1", { node1: 1 }, "a", "1");
const b1 = write("node2", { node2: 1 }, "b", "1");
const a2 = write("node2", { node1: 1, node2: 2 }, "a", null);
const sibling = (value: string) => ({ value, clock: { node1: 1 }, origin: "node1" });

describe("checkConvergence", () => {
  it("has nothing to compare in a trace without replicas", () => {
    expect(checkConvergence({ replicas: [], journals: {} })).toEqual([]);
  });

  it("finds nothing when the replayed journals end in the same store, whatever the order", () => {
    const trace: Trace = {
      replicas: ["node1", "node2"],
      journals: {
        node1: [writeEvent(1, a1), deliverEvent("node1", 2, b1), deliverEvent("node1", 3, a2)],
        node2: [writeEvent(1, b1), deliverEvent("node2", 2, a1), writeEvent(3, a2)],
      },
    };
    expect(checkConvergence(trace)).toEqual([]);
  });

  it("names every differing key, sorted, and the diverged replica's last event", () => {
    const last = deliverEvent("node2", 2, a1);
    const trace: Trace = {
      replicas: ["node1", "node2", "node3"],
      journals: {
        node1: [writeEvent(1, a1), deliverEvent("node1", 2, b1)],
        node2: [writeEvent(1, b1), last],
        node3: [],
      },
      stores: {
        node1: { b: [sibling("1")], a: [sibling("1")] },
        node2: { b: [sibling("1")], a: [sibling("2")] },
        node3: { c: [sibling("1")], b: [sibling("1")], a: [sibling("1")] },
      },
    };
    expect(checkConvergence(trace)).toEqual([
      {
        kind: "diverged",
        replica: "node2",
        events: [last],
        message: "node2 and node1 ended with different values for a",
      },
      {
        kind: "diverged",
        replica: "node3",
        events: [],
        message: "node3 and node1 ended with different values for c",
      },
    ]);
  });

  it("lists several differing keys in sorted order, also for a replica with no journal", () => {
    const trace: Trace = {
      replicas: ["node1", "node2"],
      journals: { node1: [] },
      stores: { node1: { z: [sibling("1")], m: [sibling("1")] }, node2: {} },
    };
    expect(checkConvergence(trace)).toEqual([
      {
        kind: "diverged",
        replica: "node2",
        events: [],
        message: "node2 and node1 ended with different values for m, z",
      },
    ]);
  });
});

describe("storeOf", () => {
  it("prefers the store a replica reported over its journal", () => {
    const reported = { a: [sibling("9")] };
    const trace: Trace = {
      replicas: ["node1"],
      journals: { node1: [writeEvent(1, a1)] },
      stores: { node1: reported },
    };
    expect(storeOf(trace, "node1")).toEqual({ a: [{ ...sibling("9"), value: digestValue("9") }] });
  });

  it("replays applied writes, keeping concurrent ones as siblings and dropping overwritten ones", () => {
    const concurrent = write("node3", { node3: 1 }, "a", "3");
    const overwrite = write("node2", { node1: 1, node2: 1 }, "a", null);
    const trace: Trace = {
      replicas: ["node1"],
      journals: {
        node1: [
          writeEvent(1, a1),
          deliverEvent("node1", 2, concurrent),
          deliverEvent("node1", 3, overwrite),
        ],
      },
    };
    expect(storeOf(trace, "node1")).toEqual({
      a: [
        { value: null, clock: { node1: 1, node2: 1 }, origin: "node2" },
        { value: digestValue("3"), clock: { node3: 1 }, origin: "node3" },
      ],
    });
  });

  it("tells apart reported values that differ past their previews, by content hash", () => {
    const long = "v".repeat(1000);
    const trace: Trace = {
      replicas: ["node1", "node2"],
      journals: {},
      stores: { node1: { a: [sibling(`${long}1`)] }, node2: { a: [sibling(`${long}2`)] } },
    };
    expect(checkConvergence(trace)).toMatchObject([{ kind: "diverged", replica: "node2" }]);
    const same: Trace = {
      ...trace,
      stores: { node1: { a: [sibling(long)] }, node2: { a: [sibling(long)] } },
    };
    expect(checkConvergence(same)).toEqual([]);
  });

  it("is empty for a replica that recorded nothing", () => {
    expect(storeOf({ replicas: ["node1"], journals: {} }, "node1")).toEqual({});
  });
});
