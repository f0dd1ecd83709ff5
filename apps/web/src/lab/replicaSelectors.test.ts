import { healthyLink } from "@causal-kv/protocol";
import { describe, expect, it } from "vitest";
import { shallow } from "zustand/shallow";
import { useLab } from "./labStore";
import { node1Status, restartEvent } from "./labStream.testkit";
import { endpointsOf, holdingOf, linksOf, naiveCountOf, unreachableOf } from "./replicaSelectors";

const status = node1Status;
const restart = restartEvent;
const selectors = { endpointsOf, linksOf, unreachableOf, holdingOf, naiveCountOf };
const lab = () => useLab.getState();

describe("the controls' narrow views of the replicas", () => {
  it("stay shallow-equal while the panels move on, and change with what they pick", () => {
    lab().connect([
      { id: "node1", url: "http://127.0.0.1:1" },
      { id: "node2", url: "http://127.0.0.1:2" },
    ]);
    lab().applySnapshot("node1", { status, held: [], events: [1].map(restart) });
    const before = Object.fromEntries(Object.entries(selectors).map(([n, s]) => [n, s(lab())]));
    const replicasBefore = lab().replicas;
    lab().applyBatches(new Map([["node1", [2, 3, 4].map(restart)]]), true);
    lab().applyBatches(new Map([["node1", [5].map(restart)]]), false);
    expect(lab().replicas).not.toBe(replicasBefore);
    for (const [name, select] of Object.entries(selectors))
      expect(shallow(select(lab()), before[name]), name).toBe(true);

    lab().setConnection("node2", "down");
    expect(unreachableOf(lab()).map((e) => e.id)).toEqual(["node2"]);
    lab().applyLinks("node1", { node2: { ...healthyLink, partitioned: true } });
    expect(shallow(linksOf(lab()), before.linksOf)).toBe(false);
    expect(shallow(endpointsOf(lab()), before.endpointsOf)).toBe(true);
  });
});
