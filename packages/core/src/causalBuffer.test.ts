import { describe, expect, it } from "vitest";
import { AppliedWrites } from "./appliedWrites.js";
import { type BufferedWrite, CausalBuffer } from "./causalBuffer.js";
import { memberIds } from "./causalHistory.testkit.js";
import { type ReplicatedWrite, writeId, writeSeq } from "./replicatedWrite.js";
import type { VectorClock } from "./vectorClock.js";

const members = memberIds(4);

function entry(origin: string, clock: VectorClock, arrivedAt = 0): BufferedWrite {
  return { write: { origin, clock, key: "k", value: `${origin}@${clock[origin]}` }, arrivedAt };
}

/** node1's writes 1..n, each having seen the one before. */
function chain(n: number): BufferedWrite[] {
  return Array.from({ length: n }, (_, i) => entry("node1", { node1: i + 1 }, i));
}

/** Delivers `write` and everything the buffer releases after it, as a replica does; returns ids. */
function deliverAndRelease(
  buffer: CausalBuffer,
  applied: AppliedWrites,
  write: ReplicatedWrite,
): string[] {
  const order: string[] = [];
  const queue = [write];
  for (let i = 0; i < queue.length; i++) {
    const next = queue[i] as ReplicatedWrite;
    order.push(writeId(next));
    const range = applied.add(next.origin, writeSeq(next));
    for (let seq = range.from + 1; seq <= range.to; seq++) {
      const released = buffer.release(next.origin, seq, applied.delivered);
      expect(released.stale).toEqual([]);
      queue.push(...released.ready.map((e) => e.write));
    }
  }
  return order;
}

describe("CausalBuffer", () => {
  it("releases a whole chain that arrived in reverse once its first write is delivered", () => {
    const buffer = new CausalBuffer();
    const applied = new AppliedWrites(members);
    const writes = chain(6);
    for (const e of [...writes.slice(1)].reverse()) buffer.add(e, applied.delivered);
    expect(buffer.size).toBe(5);

    const first = writes[0] as BufferedWrite;
    expect(deliverAndRelease(buffer, applied, first.write)).toEqual([
      "node1:1",
      "node1:2",
      "node1:3",
      "node1:4",
      "node1:5",
      "node1:6",
    ]);
    expect(buffer.size).toBe(0);
    expect(buffer.entries()).toEqual([]);
  });

  it("releases only the writes waiting on the delivered one", () => {
    const buffer = new CausalBuffer();
    const delivered = { node1: 0, node2: 0, node3: 0 };
    buffer.add(entry("node1", { node1: 2 }), delivered);
    buffer.add(entry("node2", { node2: 2 }), delivered);
    const released = buffer.release("node2", 1, { ...delivered, node2: 1 });
    expect(released.ready.map((e) => writeId(e.write))).toEqual(["node2:2"]);
    expect(buffer.size).toBe(1);
    expect(buffer.has("node1:2")).toBe(true);
    expect(buffer.has("node2:2")).toBe(false);
    expect(buffer.release("node3", 1, { ...delivered, node2: 1, node3: 1 }).ready).toEqual([]);
  });

  it("re-indexes a write that still waits on another replica", () => {
    const buffer = new CausalBuffer();
    const waiting = entry("node3", { node1: 1, node2: 1, node3: 1 });
    let delivered: VectorClock = { node1: 0, node2: 0, node3: 0 };
    buffer.add(waiting, delivered);
    expect(buffer.waitingFor(waiting, delivered)).toEqual(["node1:1", "node2:1"]);

    delivered = { ...delivered, node1: 1 };
    expect(buffer.release("node1", 1, delivered).ready).toEqual([]);
    expect(buffer.waitingFor(waiting, delivered)).toEqual(["node2:1"]);
    expect(buffer.size).toBe(1);

    delivered = { ...delivered, node2: 1 };
    expect(buffer.release("node2", 1, delivered).ready).toEqual([waiting]);
    expect(buffer.size).toBe(0);
  });

  it("releases in arrival order, however the writes came to be indexed", () => {
    const buffer = new CausalBuffer();
    const early = entry("node3", { node1: 1, node2: 1, node3: 1 }, 1);
    const late = entry("node4", { node2: 1, node4: 1 }, 2);
    buffer.add(early, { node1: 0, node2: 0 });
    buffer.add(late, { node1: 0, node2: 0 });
    // early now waits on node2:1 too, but was indexed there after late.
    expect(buffer.release("node1", 1, { node1: 1, node2: 0 }).ready).toEqual([]);
    const released = buffer.release("node2", 1, { node1: 1, node2: 1 });
    expect(released.ready).toEqual([early, late]);
  });

  it("waits for exactly the latest needed write, not the next one", () => {
    const buffer = new CausalBuffer();
    const waiting = entry("node2", { node1: 3, node2: 1 });
    const applied = new AppliedWrites(members);
    applied.add("node1", 1);
    buffer.add(waiting, applied.delivered);
    expect(buffer.waitingFor(waiting, applied.delivered)).toEqual(["node1:3"]);

    applied.add("node1", 2);
    expect(buffer.release("node1", 2, applied.delivered).ready).toEqual([]);
    expect(buffer.waitingFor(waiting, applied.delivered)).toEqual(["node1:3"]);

    applied.add("node1", 3);
    expect(buffer.release("node1", 3, applied.delivered).ready).toEqual([waiting]);
  });

  it("hands back as stale a write that was meanwhile applied some other way", () => {
    const buffer = new CausalBuffer();
    const waiting = entry("node1", { node1: 3, node2: 1 });
    buffer.add(waiting, { node1: 0, node2: 0 });
    const released = buffer.release("node1", 2, { node1: 3, node2: 0 });
    expect(released).toEqual({ ready: [], stale: [waiting] });
    expect(buffer.size).toBe(0);
  });

  it("hands back as stale, not ready, a write whose own seq was meanwhile covered", () => {
    const buffer = new CausalBuffer();
    const waiting = entry("node1", { node1: 2 });
    buffer.add(waiting, { node1: 0 });
    expect(buffer.release("node1", 1, { node1: 2 })).toEqual({ ready: [], stale: [waiting] });
  });

  it("keeps arrival order in entries and drain, and drain empties it", () => {
    const buffer = new CausalBuffer();
    const delivered = { node1: 0, node2: 0 };
    const a = entry("node2", { node2: 3 }, 5);
    const b = entry("node1", { node1: 2 }, 7);
    const c = entry("node2", { node2: 2 }, 9);
    for (const e of [a, b, c]) buffer.add(e, delivered);
    expect(buffer.entries()).toEqual([a, b, c]);
    expect(buffer.drain()).toEqual([a, b, c]);
    expect(buffer.size).toBe(0);
    expect(buffer.release("node2", 2, { node1: 0, node2: 2 }).ready).toEqual([]);
  });

  it("holds a write added twice once, at its first arrival, and releases it once", () => {
    const buffer = new CausalBuffer();
    const delivered = { node1: 0, node2: 0 };
    const first = entry("node1", { node1: 2 }, 1);
    const other = entry("node2", { node2: 2 }, 2);
    const again = entry("node1", { node1: 2 }, 3);
    for (const e of [first, other, again]) buffer.add(e, delivered);
    expect(buffer.size).toBe(2);
    expect(buffer.entries()).toEqual([again, other]);
    expect(buffer.release("node1", 1, { node1: 1, node2: 0 })).toEqual({
      ready: [again],
      stale: [],
    });
    expect(buffer.size).toBe(1);
  });

  it("holds a write only once: hold() keeps the first copy and says whether it buffered", () => {
    const buffer = new CausalBuffer();
    const first = entry("node1", { node1: 2 }, 1);
    const again = entry("node1", { node1: 2 }, 3);
    expect(buffer.hold(first.write, first.arrivedAt, "node1")).toBe(true);
    expect(buffer.hold(again.write, again.arrivedAt, "node1")).toBe(false);
    expect(buffer.size).toBe(1);
    expect(buffer.entries()).toEqual([first]);
    expect(buffer.release("node1", 1, { node1: 1 })).toEqual({ ready: [first], stale: [] });
  });

  it("releases into the caller's lists, after what they already hold", () => {
    const buffer = new CausalBuffer();
    const a = entry("node1", { node1: 2 }, 1);
    const b = entry("node2", { node1: 1, node2: 1 }, 2);
    const c = entry("node1", { node1: 3 }, 3);
    for (const e of [a, b, c]) buffer.add(e, { node1: 0, node2: 0 });
    const ready: BufferedWrite[] = [entry("node3", { node3: 1 })];
    const stale: BufferedWrite[] = [];
    buffer.releaseInto("node1", 1, { node1: 1, node2: 0 }, ready, stale);
    expect(ready.map((e) => [writeId(e.write), e.arrivedAt])).toEqual([
      ["node3:1", 0],
      ["node1:2", 1],
      ["node2:1", 2],
    ]);
    expect(stale).toEqual([]);
    expect(buffer.size).toBe(1);
    buffer.releaseInto("node1", 2, { node1: 3, node2: 1 }, ready, stale);
    expect(stale.map((e) => writeId(e.write))).toEqual(["node1:3"]);
    expect(buffer.size).toBe(0);
  });

  it("slots a re-indexed write among those already waiting, by arrival", () => {
    const buffer = new CausalBuffer();
    const early = entry("node3", { node1: 1, node2: 1, node3: 1 }, 1);
    const middle = entry("node4", { node2: 1, node4: 1 }, 2);
    const late = entry("node5", { node2: 1, node5: 1 }, 3);
    const none = { node1: 0, node2: 0 };
    for (const e of [early, middle, late]) buffer.add(e, none);
    expect(buffer.release("node1", 1, { node1: 1, node2: 0 }).ready).toEqual([]);
    const later = entry("node6", { node2: 1, node6: 1 }, 4);
    buffer.add(later, { node1: 1, node2: 0 });
    expect(buffer.release("node2", 1, { node1: 1, node2: 1 }).ready).toEqual([
      early,
      middle,
      late,
      later,
    ]);
  });

  it("answers has() by write id, and no for what is not a write id", () => {
    const buffer = new CausalBuffer();
    buffer.add(entry("node1", { node1: 2 }), { node1: 0 });
    expect(buffer.has("node1:2")).toBe(true);
    expect(buffer.has("node1:1")).toBe(false);
    expect(buffer.has("node1:0")).toBe(false);
    expect(buffer.has(":2")).toBe(false);
    expect(buffer.has("node9:2")).toBe(false);
    expect(buffer.holds("node9", 2)).toBe(false);
  });

  it("refuses to buffer a write that is deliverable", () => {
    const buffer = new CausalBuffer();
    expect(() => buffer.add(entry("node1", { node1: 1 }), { node1: 0 })).toThrow(/deliverable/);
  });
});

describe("CausalBuffer at scale", () => {
  it("lists and drains a buffer of 200,000 writes from one replica", () => {
    const buffer = new CausalBuffer();
    const delivered = { node1: 0 };
    const n = 200_000;
    for (let seq = n + 1; seq >= 2; seq--) {
      buffer.add(
        { write: { origin: "node1", clock: { node1: seq }, key: "k", value: null }, arrivedAt: 0 },
        delivered,
      );
    }
    expect(buffer.size).toBe(n);
    const entries = buffer.entries();
    expect(entries).toHaveLength(n);
    expect(writeId((entries[0] as BufferedWrite).write)).toBe(`node1:${n + 1}`);
    expect(buffer.drain()).toHaveLength(n);
  });
});
