import { describe, expect, it } from "vitest";
import { memberIds, thrownCode } from "./causalHistory.testkit.js";
import { appliedWrite, type JournalEvent } from "./journalEvent.js";
import { journaledWrite } from "./journaledWrite.js";
import {
  assertValidWrite,
  formatWriteId,
  parseWriteId,
  type ReplicatedWrite,
  readWrite,
  writeId,
  writeSeq,
} from "./replicatedWrite.js";

const write: ReplicatedWrite = {
  origin: "node2",
  clock: { node1: 4, node2: 3 },
  key: "k",
  value: "v",
};

describe("write ids", () => {
  it("number a write by its origin's entry in its clock", () => {
    expect(writeSeq(write)).toBe(3);
    expect(writeId(write)).toBe("node2:3");
    expect(formatWriteId("node10", 12)).toBe("node10:12");
  });

  it("parse back, and refuse what is not an id", () => {
    expect(parseWriteId("node2:3")).toEqual({ origin: "node2", seq: 3 });
    expect(parseWriteId("node1:1")).toEqual({ origin: "node1", seq: 1 });
    expect(parseWriteId("a:b:7")).toEqual({ origin: "a:b", seq: 7 });
    for (const bad of ["node2", ":3", "node2:0", "node2:-1", "node2:1.5", "node2:x", "node2:"]) {
      expect(parseWriteId(bad)).toBeUndefined();
    }
  });
});

describe("assertValidWrite", () => {
  const members = new Set(memberIds(2));
  it("accepts a write from a member, including a delete", () => {
    expect(thrownCode(() => assertValidWrite(write, members))).toBe("nothing thrown");
    expect(thrownCode(() => assertValidWrite({ ...write, value: null }, members))).toBe(
      "nothing thrown",
    );
  });

  it("rejects a write from a stranger as unknown-replica, whatever its clock", () => {
    expect(thrownCode(() => assertValidWrite({ ...write, origin: "node9" }, members))).toBe(
      "unknown-replica",
    );
    expect(thrownCode(() => assertValidWrite({ ...write, origin: 2 }, members))).toBe(
      "unknown-replica",
    );
  });

  it("rejects a write whose clock does not count it", () => {
    expect(thrownCode(() => assertValidWrite({ ...write, clock: { node1: 4 } }, members))).toBe(
      "invalid-clock",
    );
  });
});

describe("appliedWrite", () => {
  it("reads the write of write and deliver events only", () => {
    const base = { seq: 1, time: 0, replica: "node1", clock: write.clock };
    const message = journaledWrite(write);
    const events: JournalEvent[] = [
      { ...base, type: "write", message },
      { ...base, type: "deliver", message, bufferedMs: 0 },
      { ...base, type: "receive", message },
      { ...base, type: "buffer", message, waitingFor: [] },
      { ...base, type: "duplicate", message, discarded: "incoming" },
      { ...base, type: "restart" },
    ];
    expect(events.map((e) => appliedWrite(e) !== undefined)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("readWrite", () => {
  const members = new Set(memberIds(10));

  it("copies the write, with its clock in canonical order, leaving the input alone", () => {
    const input = {
      origin: "node2",
      clock: { node10: 1, node2: 3, node1: 4 },
      key: "k",
      value: null,
    };
    const read = readWrite(input, members);
    expect(read).toEqual({
      origin: "node2",
      clock: { node1: 4, node2: 3, node10: 1 },
      key: "k",
      value: null,
    });
    expect(Object.keys(read.clock)).toEqual(["node1", "node2", "node10"]);
    expect(Object.keys(read)).toEqual(["origin", "clock", "key", "value"]);
    input.clock.node2 = 99;
    expect(read.clock.node2).toBe(3);
  });

  it("copies a clock already in order too, so later changes to it do not leak in", () => {
    const input = { origin: "node1", clock: { node1: 1, node2: 0 }, key: "k", value: "v" };
    const read = readWrite(input, members);
    expect(read.clock).not.toBe(input.clock);
    input.clock.node1 = 5;
    expect(read.clock).toEqual({ node1: 1, node2: 0 });
  });

  it("throws what assertValidWrite throws", () => {
    const bad: unknown[] = [
      null,
      { origin: "nodeX", clock: { node1: 1 }, key: "k", value: "v" },
      { origin: "node1", clock: { node1: -1 }, key: "k", value: "v" },
      { origin: "node1", clock: { node2: 1 }, key: "k", value: "v" },
      { origin: "node1", clock: { node1: 1 }, key: "", value: "v" },
      { origin: "node1", clock: { node1: 1 }, key: "k", value: 3 },
    ];
    for (const input of bad) {
      const expected = thrownCode(() => assertValidWrite(input, members));
      expect(expected).not.toBe("nothing thrown");
      expect(thrownCode(() => readWrite(input, members))).toBe(expected);
    }
  });
});
