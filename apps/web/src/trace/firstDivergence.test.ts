import type { DeliveryMode } from "@causal-kv/core";
import { describe, expect, it } from "vitest";
import { type ComparedRun, firstDivergence } from "./firstDivergence";
import { LabRun } from "./labRun.testkit";

/** Causal chain by hand: x at node1 reaches node2, which writes y; y reaches node3 before x. */
function causalChain(mode: DeliveryMode, name: string = mode): ComparedRun {
  const run = new LabRun(3, mode);
  run.write(0, "x", "1");
  run.deliver(1, 0);
  run.write(1, "y", "2");
  run.deliver(2, 1);
  run.deliver(2, 0);
  run.deliverAll();
  return { name, ...run.trace() };
}

describe("firstDivergence", () => {
  it("names where the naive run applies a write before its cause and the causal run buffers it", () => {
    const causal = causalChain("causal");
    const naive = causalChain("naive");
    const divergence = firstDivergence(causal, naive);
    expect(divergence?.sentence).toBe(
      "here node3 applies y=2 before x=1 in the naive run; the causal run buffers it",
    );
    expect(divergence?.replica).toBe("node3");
    // The events it points at: node3's buffering of y, and its early delivery of y.
    expect(causal.journals.node3?.[divergence?.a ?? -1]?.type).toBe("buffer");
    expect(naive.journals.node3?.[divergence?.b ?? -1]?.type).toBe("deliver");
    // Either way round, the run that applies too early is the one the sentence is about.
    expect(firstDivergence(naive, causal)?.sentence).toBe(divergence?.sentence);
  });

  it("finds none between two runs that did the same with every write", () => {
    expect(firstDivergence(causalChain("causal", "first"), causalChain("causal", "second"))).toBe(
      undefined,
    );
  });

  it("names a second write applied ahead of the first from the same replica", () => {
    const outOfOrder = (mode: DeliveryMode) => {
      const run = new LabRun(2, mode);
      run.write(0, "x", "1");
      run.write(0, "x", "2");
      run.deliver(1, 1);
      run.deliver(1, 0);
      return { name: mode, ...run.trace() };
    };
    expect(firstDivergence(outOfOrder("causal"), outOfOrder("naive"))?.sentence).toBe(
      "here node2 applies x=2 before x=1 in the naive run; the causal run buffers it",
    );
  });

  it("takes the replica that parted first, and says when one run's record ends", () => {
    const a = new LabRun(2);
    a.write(0, "x", "1");
    a.deliverAll();
    const b = new LabRun(2);
    b.write(0, "x", "1");
    b.write(1, "y", "9");
    const divergence = firstDivergence(
      { name: "first", ...a.trace() },
      { name: "second", ...b.trace() },
    );
    expect(divergence?.replica).toBe("node2");
    expect(divergence?.sentence).toBe(
      "here node2 applies x=1 in the first run; the second run writes y=9",
    );
    const c = new LabRun(2);
    c.write(0, "x", "1");
    expect(
      firstDivergence({ name: "first", ...a.trace() }, { name: "third", ...c.trace() })?.sentence,
    ).toBe("here node2's record ends in the third run; in the first run it applies x=1");
  });
});
