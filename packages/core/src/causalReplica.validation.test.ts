import { describe, expect, it } from "vitest";
import { eventTypes, memberIds, thrownCode } from "./causalHistory.testkit.js";
import { CausalReplica } from "./causalReplica.js";
import type { CoreErrorCode } from "./coreError.js";
import { journaledWrite } from "./journaledWrite.js";

const members = memberIds(3);

/** node2 with some history: it made a write, delivered one of node1's, and buffers node1's #3. */
function busyReplica(): CausalReplica {
  const node1 = new CausalReplica({ id: "node1", members });
  const writes = [1, 2, 3].map((n) => node1.write("x", String(n), n).message);
  const node2 = new CausalReplica({ id: "node2", members });
  node2.write("y", "mine", 4);
  node2.receive(writes[0], 5);
  node2.receive(writes[2], 6);
  return node2;
}

const good = { origin: "node1", clock: { node1: 2 }, key: "x", value: "2" };

const badMessages: [string, unknown, CoreErrorCode][] = [
  ["null", null, "invalid-write"],
  ["a string", "node1:2", "invalid-write"],
  ["a number", 7, "invalid-write"],
  ["an array", [good], "unknown-replica"],
  ["no origin", { ...good, origin: undefined }, "unknown-replica"],
  ["an unknown origin", { ...good, origin: "node9", clock: { node9: 1 } }, "unknown-replica"],
  ["an unknown id in the clock", { ...good, clock: { node1: 2, node4: 1 } }, "unknown-replica"],
  ["no clock", { ...good, clock: undefined }, "invalid-clock"],
  ["a clock that is an array", { ...good, clock: [0, 2] }, "invalid-clock"],
  ["a negative clock entry", { ...good, clock: { node1: 2, node3: -1 } }, "invalid-clock"],
  ["a non-integer clock entry", { ...good, clock: { node1: 1.5 } }, "invalid-clock"],
  ["a NaN clock entry", { ...good, clock: { node1: Number.NaN } }, "invalid-clock"],
  ["a string clock entry", { ...good, clock: { node1: "2" } }, "invalid-clock"],
  ["a clock that does not count the write", { ...good, clock: { node3: 1 } }, "invalid-clock"],
  ["no key", { ...good, key: undefined }, "invalid-write"],
  ["an empty key", { ...good, key: "" }, "invalid-write"],
  ["a key over 256 characters", { ...good, key: "k".repeat(257) }, "invalid-write"],
  ["a numeric value", { ...good, value: 2 }, "invalid-write"],
  ["no value", { ...good, value: undefined }, "invalid-write"],
  [
    "a write of node2 it never made",
    { ...good, origin: "node2", clock: { node2: 2 } },
    "invalid-write",
  ],
  [
    "a clock claiming a write of node2 it never made",
    { ...good, clock: { node1: 2, node2: 5 } },
    "invalid-clock",
  ],
];

describe("CausalReplica.receive on bad input", () => {
  it.each(badMessages)("rejects %s with a CoreError and changes nothing", (_, input, code) => {
    const node2 = busyReplica();
    const before = JSON.stringify(node2.snapshot());
    expect(thrownCode(() => node2.receive(input, 99))).toBe(code);
    expect(JSON.stringify(node2.snapshot())).toBe(before);
    // The next step gets the next journal number: the failed one consumed nothing.
    expect(node2.restarted(100)[0]?.seq).toBe(node2.snapshot().nextEventSeq - 1);
  });

  it("accepts the same message when it is well formed (the cases above are not vacuous)", () => {
    const node2 = busyReplica();
    const events = node2.receive(good, 99);
    expect(eventTypes(events)).toEqual(["receive", "deliver", "deliver"]);
    expect(thrownCode(() => node2.receive({ ...good, key: "k".repeat(256) }, 100))).toBe(
      "nothing thrown",
    );
  });

  it("ignores extra fields and keeps only the write itself", () => {
    const node2 = busyReplica();
    const events = node2.receive({ ...good, extra: "ignored" }, 99);
    expect(events[0]).toMatchObject({ message: journaledWrite(good) });
    expect(Object.keys(events[0]?.type === "receive" ? events[0].message : {})).toEqual([
      "origin",
      "clock",
      "key",
      "value",
    ]);
  });

  it("stores the clock of a received message in canonical order", () => {
    const node2 = new CausalReplica({ id: "node2", members: memberIds(10) });
    node2.receive(
      { origin: "node10", clock: { node10: 1, node1: 0, node2: 0 }, key: "k", value: "v" },
      1,
    );
    expect(Object.keys(node2.siblings("k")[0]?.clock ?? {})).toEqual(["node1", "node2", "node10"]);
  });
});

describe("a replica's own write count", () => {
  it("cannot be pushed ahead by a peer's clock, even in naive mode", () => {
    const node2 = new CausalReplica({ id: "node2", members, mode: "naive" });
    const forged = { origin: "node1", clock: { node1: 1, node2: 5 }, key: "x", value: "1" };
    expect(thrownCode(() => node2.receive(forged, 1))).toBe("invalid-clock");
    expect(node2.write("y", "1", 2).message.clock.node2).toBe(1);
  });
});

describe("CausalReplica.write on bad input", () => {
  it.each([
    ["an empty key", "", "v"],
    ["a key over 256 characters", "k".repeat(257), "v"],
    ["a numeric value", "k", 5],
    ["an undefined value", "k", undefined],
  ])("rejects %s and changes nothing", (_, key, value) => {
    const node2 = busyReplica();
    const before = JSON.stringify(node2.snapshot());
    expect(thrownCode(() => node2.write(key, value as string, 99))).toBe("invalid-write");
    expect(JSON.stringify(node2.snapshot())).toBe(before);
  });
});
