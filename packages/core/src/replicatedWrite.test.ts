import { describe, expect, it } from "vitest";
import { memberIds, thrownCode } from "./causalHistory.testkit.js";
import { appliedWrite, type JournalEvent } from "./journalEvent.js";
import {
  assertValidWrite,
  formatWriteId,
  parseWriteId,
  type ReplicatedWrite,
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
    const events: JournalEvent[] = [
      { ...base, type: "write", message: write },
      { ...base, type: "deliver", message: write, bufferedMs: 0 },
      { ...base, type: "receive", message: write },
      { ...base, type: "buffer", message: write, waitingFor: [] },
      { ...base, type: "duplicate", message: write },
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
