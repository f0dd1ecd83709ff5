/**
 * The panel says when the replica's journal was compacted, so a viewer knows the history before
 * that event is gone rather than never happened. Rendered to static markup: no browser needed.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { emptyState } from "../lab/replicaState";
import { ReplicaPanel } from "./ReplicaPanel";

const state = emptyState(["node1", "node2"]);
const panel = (compactedBefore: number) =>
  createElement(ReplicaPanel, { id: "node1", connection: "up", state, compactedBefore });

describe("ReplicaPanel", () => {
  it("says the history before the journal's start was compacted", () => {
    const html = renderToStaticMarkup(panel(4001));
    expect(html).toContain("History before event 4001 was compacted");
  });

  it("says nothing of compaction while the journal is whole", () => {
    for (const compactedBefore of [0, 1]) {
      const html = renderToStaticMarkup(panel(compactedBefore));
      expect(html).not.toContain("compacted");
    }
  });
});
