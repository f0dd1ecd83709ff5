import { digestValue, type JournalEvent } from "@causal-kv/core";
import { healthyLink } from "@causal-kv/protocol";
import { describe, expect, it } from "vitest";
import { clockText } from "./clockText.js";
import { journalLine } from "./journalLine.js";
import { linkText } from "./linkText.js";
import { textTable } from "./textTable.js";
import { valueText } from "./valueText.js";
import { wrapText } from "./wrapText.js";

describe("text formats", () => {
  it("orders clock entries as replica ids sort (node2 before node10)", () => {
    expect(clockText({ node10: 1, node2: 3, node1: 0 })).toBe("node1:0 node2:3 node10:1");
    expect(clockText({})).toBe("(empty)");
  });

  it("quotes values, names tombstones and cuts long values in cells", () => {
    expect(valueText("")).toBe('""');
    expect(valueText("a b")).toBe('"a b"');
    expect(valueText(null)).toBe("(deleted)");
    expect(valueText("abcdefghijkl", 8)).toBe('"abcde…"');
    expect(valueText("abcdefghijkl", 8)).toHaveLength(8);
  });

  it("aligns columns on their widest cell", () => {
    expect(
      textTable([
        ["a", "bb", "c"],
        ["ddd", "e", ""],
      ]),
    ).toEqual(["a    bb  c", "ddd  e"]);
  });

  it("names only the faults of a link", () => {
    expect(linkText(healthyLink)).toBe("healthy");
    expect(linkText({ ...healthyLink, partitioned: true, dropRate: 0.125, delayMs: 5 })).toBe(
      "partitioned, delay 5 ms, drops 12.5%",
    );
  });

  it("wraps narration at word boundaries", () => {
    expect(wrapText("one two three four", 9, "  ")).toEqual(["  one two", "  three", "  four"]);
  });

  it("prints a buffered write with what it waits for", () => {
    const event: JournalEvent = {
      type: "buffer",
      seq: 4,
      time: Date.UTC(2026, 0, 1, 12, 30, 5, 250),
      replica: "node3",
      clock: { node1: 0, node2: 0, node3: 0 },
      message: {
        origin: "node2",
        clock: { node1: 1, node2: 1, node3: 0 },
        key: "y",
        value: digestValue("2"),
      },
      waitingFor: ["node1:1"],
    };
    expect(journalLine(event)).toBe(
      '12:30:05.250  node3  buffer    node2:1 y = "2", waiting for node1:1   [node1:0 node2:0 node3:0]',
    );
  });

  it("shows a long value's preview, marked as cut, with its size", () => {
    const event: JournalEvent = {
      type: "write",
      seq: 1,
      time: Date.UTC(2026, 0, 1, 12, 30, 5, 250),
      replica: "node1",
      clock: { node1: 1 },
      message: {
        origin: "node1",
        clock: { node1: 1 },
        key: "big",
        value: digestValue("x".repeat(2048)),
      },
    };
    expect(journalLine(event)).toContain(`node1:1 big = "${"x".repeat(37)}…" (2048 bytes)`);
  });

  it("says which copy of a write a duplicate discarded", () => {
    const message = { origin: "node2", clock: { node2: 1 }, key: "y", value: digestValue("2") };
    const base = { seq: 5, time: Date.UTC(2026, 0, 1, 12, 30, 5, 250), replica: "node3" };
    const duplicate = { ...base, type: "duplicate" as const, clock: { node2: 1 }, message };
    expect(journalLine({ ...duplicate, discarded: "incoming" })).toBe(
      '12:30:05.250  node3  duplicate node2:1 y = "2" again: discarded   [node2:1]',
    );
    expect(journalLine({ ...duplicate, discarded: "buffered" })).toContain(
      'node2:1 y = "2" discarded from the buffer: its number was applied meanwhile',
    );
  });
});
