import { journaledWrite } from "@causal-kv/core";
import type { HeldMessage } from "@causal-kv/protocol";
import { describe, expect, it } from "vitest";
import { hasEarlierEvents } from "./earlierEvents";
import { useLab } from "./labStore";
import { node1Status, restartEvent } from "./labStream.testkit";

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

describe("a replica's stream in the store", () => {
  const status = node1Status;
  const restart = restartEvent;
  const held: HeldMessage = {
    id: "m1",
    to: "node2",
    heldAt: 5,
    message: journaledWrite({
      key: "x",
      value: "1",
      clock: { node1: 1, node2: 0 },
      origin: "node1",
    }),
  };
  const view = () => useLab.getState().replicas[0];

  it("takes the held list from the snapshot", () => {
    useLab.getState().connect([{ id: "node1", url: "http://127.0.0.1:1" }]);
    useLab.getState().applySnapshot("node1", { status, held: [held], events: [restart(1)] });
    expect(view()?.held).toEqual([held]);
    expect(view()?.connection).toBe("up");
  });

  it("merges missed events in by seq, around what it has, without repeats", () => {
    useLab.getState().connect([{ id: "node1", url: "http://127.0.0.1:1" }]);
    useLab.getState().applySnapshot("node1", { status, held: [], events: [5, 6].map(restart) });
    useLab.getState().applyEvents("node1", [7, 9].map(restart));
    useLab.getState().addMissedEvents("node1", [1, 2, 3, 4, 5, 8].map(restart));
    expect(view()?.events.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("keeps a bounded window, judges what scrolls out, and takes no judged event back", () => {
    useLab.getState().connect([{ id: "node1", url: "http://127.0.0.1:1" }], 10);
    useLab.getState().applySnapshot("node1", { status, held: [], events: [1, 2].map(restart) });
    const batch = Array.from({ length: 40 }, (_, i) => restart(i + 3));
    useLab.getState().applyBatches(new Map([["node1", batch]]));
    expect(view()?.events.map((event) => event.seq)).toEqual(
      Array.from({ length: 10 }, (_, i) => 33 + i),
    );
    expect(useLab.getState().history.through).toEqual({ node1: 32 });
    useLab.getState().addMissedEvents("node1", [5, 6].map(restart));
    expect(view()?.events).toHaveLength(10);
  });

  it("holds a busy journal back while the panels move on, and shows it all on the next turn", () => {
    useLab.getState().connect([{ id: "node1", url: "http://127.0.0.1:1" }], 100);
    useLab.getState().applySnapshot("node1", { status, held: [], events: [1].map(restart) });
    useLab.getState().applyBatches(new Map([["node1", [2, 3].map(restart)]]), false);
    expect(view()?.events.map((event) => event.seq)).toEqual([1]);
    expect(view()?.unshown.map((event) => event.seq)).toEqual([2, 3]);
    useLab.getState().applyBatches(new Map([["node1", [3, 4].map(restart)]]), false);
    useLab.getState().applyBatches(new Map(), true);
    expect(view()?.events.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
    expect(view()?.unshown).toEqual([]);
  });

  it("keeps earlier events loaded in front of the window, of this epoch, until it follows again", () => {
    useLab.getState().connect([{ id: "node1", url: "http://127.0.0.1:1" }], 10);
    useLab.getState().applySnapshot("node1", { status, held: [], events: [90, 91].map(restart) });
    expect(hasEarlierEvents(useLab.getState())).toBe(true);
    useLab.getState().addEarlier("node1", status.epoch + 1, [80, 81].map(restart));
    expect(useLab.getState().earlier).toEqual({});
    useLab.getState().addEarlier("node1", status.epoch, [85, 86, 90].map(restart));
    useLab.getState().addEarlier("node1", status.epoch, [1, 2, 3, 85].map(restart));
    expect(useLab.getState().earlier.node1?.map((event) => event.seq)).toEqual([1, 2, 3, 85, 86]);
    expect(hasEarlierEvents(useLab.getState())).toBe(false);
    // At most four windows' worth: what was loaded last, the newest, goes first.
    useLab.getState().connect([{ id: "node1", url: "http://127.0.0.1:1" }], 10);
    useLab.getState().applySnapshot("node1", { status, held: [], events: [90, 91].map(restart) });
    const many = Array.from({ length: 60 }, (_, i) => restart(i + 20));
    useLab.getState().addEarlier("node1", status.epoch, many);
    expect(useLab.getState().earlier.node1?.map((event) => event.seq)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 20),
    );
    useLab.getState().setFollow(false);
    useLab.getState().setFollow(true);
    expect(useLab.getState().earlier).toEqual({});
  });

  it("keeps where the replica's compacted journal starts until a reset starts a new one", () => {
    useLab.getState().connect([{ id: "node1", url: "http://127.0.0.1:1" }]);
    useLab.getState().applySnapshot("node1", { status, held: [], events: [restart(900)] });
    expect(view()?.compactedBefore).toBe(0);
    useLab.getState().noteCompacted("node1", 800);
    useLab.getState().noteCompacted("node1", 700);
    expect(view()?.compactedBefore).toBe(800);
    useLab.getState().applySnapshot("node1", { status, held: [], events: [restart(901)] });
    expect(view()?.compactedBefore).toBe(800);
    const reset = { ...status, epoch: status.epoch + 1 };
    useLab.getState().applySnapshot("node1", { status: reset, held: [], events: [restart(1)] });
    expect(view()?.compactedBefore).toBe(0);
  });
});
