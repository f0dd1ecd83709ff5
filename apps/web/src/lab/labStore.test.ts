import { describe, expect, it } from "vitest";
import { useLab } from "./labStore";

describe("choosing events", () => {
  it("selects on the first pick, compares on the second, and unpicks a chosen one", () => {
    const lab = () => useLab.getState();
    lab().select(undefined);
    lab().pick("node1#1");
    expect([lab().selected, lab().compared]).toEqual(["node1#1", undefined]);
    lab().pick("node2#3");
    expect([lab().selected, lab().compared]).toEqual(["node1#1", "node2#3"]);
    lab().pick("node3#2");
    expect([lab().selected, lab().compared]).toEqual(["node1#1", "node3#2"]);
    lab().pick("node3#2");
    expect([lab().selected, lab().compared]).toEqual(["node1#1", undefined]);
    lab().pick("node2#3");
    lab().pick("node1#1");
    expect([lab().selected, lab().compared]).toEqual(["node2#3", undefined]);
    lab().select(undefined);
    expect([lab().selected, lab().compared]).toEqual([undefined, undefined]);
  });

  it("shows an imported trace from a clean slate, and goes back to following the live run", () => {
    const lab = () => useLab.getState();
    lab().pick("node1#1");
    lab().replay(1234);
    lab().showImported({
      name: "run.json",
      trace: { replicas: ["node1"], journals: {} },
      events: 0,
    });
    expect(lab()).toMatchObject({ selected: undefined, replayAt: undefined, follow: false });
    expect(lab().imported?.name).toBe("run.json");
    lab().showImported(undefined);
    expect(lab()).toMatchObject({ imported: undefined, follow: true });
  });
});
