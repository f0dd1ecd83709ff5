import type { ReplicatedWrite } from "@causal-kv/core";
import { maxBatchMessages, maxValueBytes, replicateBatchSchema } from "@causal-kv/protocol";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { announcementBody, batchBody, maxBatchBytes } from "./batchBody.js";

let seq = 0;
function write(value: string): ReplicatedWrite {
  seq += 1;
  return { origin: "node1", clock: { node1: seq }, key: `k${seq}`, value };
}

/** The body as the peer reads it: the pieces joined, parsed by the route's own schema. */
function received(pieces: readonly string[]) {
  return replicateBatchSchema.parse(JSON.parse(pieces.join("")));
}

describe("batchBody", () => {
  it("carries the first writes that fit, in order, as the peer's schema reads them", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 40 }), { maxLength: 300 }),
        fc.nat(9),
        (values, epoch) => {
          const ready = values.map(write);
          const { count, pieces } = batchBody(epoch, "node1", ready);
          expect(count).toBe(Math.min(ready.length, maxBatchMessages));
          const batch = received(pieces);
          expect(batch).toMatchObject({ epoch, from: "node1" });
          expect(batch.messages).toEqual(ready.slice(0, count));
        },
      ),
    );
  });

  it("stops before the writes' JSON would pass its byte budget, but sends one larger write alone", () => {
    const quarter = "v".repeat(maxBatchBytes / 4);
    const ready = [write(quarter), write(quarter), write(quarter), write(quarter), write("x")];
    expect(batchBody(0, "node1", ready).count).toBe(3);
    // The largest value, every character JSON-escaped to six: its write's JSON alone is over budget.
    const huge = [write("\u0001".repeat(maxValueBytes)), write("x")];
    expect(JSON.stringify(huge[0]).length).toBeGreaterThan(maxBatchBytes);
    const { count, pieces } = batchBody(0, "node1", huge);
    expect(count).toBe(1);
    expect(received(pieces).messages).toEqual(huge.slice(0, 1));
  });

  it("announces an epoch with a batch of no writes", () => {
    expect(received(announcementBody(7, "node2"))).toEqual({
      epoch: 7,
      from: "node2",
      messages: [],
    });
  });
});
