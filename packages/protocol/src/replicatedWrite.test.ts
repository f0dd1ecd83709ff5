import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maxValueBytes, replicatedWriteSchema, valueSchema } from "./replicatedWrite.js";
import { utf8ByteLength } from "./utf8ByteLength.js";
import { vectorClockSchema } from "./vectorClock.js";

const write = { origin: "node1", clock: { node1: 2, node2: 0 }, key: "x", value: "hello" };

describe("vector clock schema", () => {
  it("accepts non-negative safe integers under replica ids", () => {
    expect(vectorClockSchema.parse({ node1: 0, node2: 7, "a-b_C9": 2 ** 53 - 1 })).toEqual({
      node1: 0,
      node2: 7,
      "a-b_C9": 2 ** 53 - 1,
    });
    expect(vectorClockSchema.parse({})).toEqual({});
  });

  it.each([
    ["a negative entry", { node1: -1 }],
    ["a fractional entry", { node1: 1.5 }],
    ["an unsafe integer", { node1: 2 ** 53 }],
    ["a string entry", { node1: "1" }],
    ["NaN", { node1: Number.NaN }],
    ["a bad id", { "node 1": 1 }],
    ["an empty id", { "": 1 }],
    ["an array", [1, 2]],
    ["null", null],
  ])("rejects %s", (_, clock) => {
    expect(vectorClockSchema.safeParse(clock).success).toBe(false);
  });
});

describe("replicated write schema", () => {
  it("accepts a write and a tombstone", () => {
    expect(replicatedWriteSchema.parse(write)).toEqual(write);
    expect(replicatedWriteSchema.parse({ ...write, value: null }).value).toBeNull();
  });

  it.each([
    ["a missing value", { ...write, value: undefined }],
    ["a numeric value", { ...write, value: 5 }],
    ["an empty key", { ...write, key: "" }],
    ["a 257-character key", { ...write, key: "k".repeat(257) }],
    ["the key .", { ...write, key: "." }],
    ["the key ..", { ...write, key: ".." }],
    ["a bad origin", { ...write, origin: "node/1" }],
    ["a negative clock entry", { ...write, clock: { node1: -2 } }],
    ["a non-integer clock entry", { ...write, clock: { node1: 0.5 } }],
  ])("rejects %s", (_, input) => {
    expect(replicatedWriteSchema.safeParse(input).success).toBe(false);
  });

  it("takes a 256-character key, and dots within a key", () => {
    expect(replicatedWriteSchema.safeParse({ ...write, key: "k".repeat(256) }).success).toBe(true);
    expect(replicatedWriteSchema.safeParse({ ...write, key: "..." }).success).toBe(true);
    expect(replicatedWriteSchema.safeParse({ ...write, key: "a/../b" }).success).toBe(true);
  });

  it("limits values to 1 MiB of UTF-8, marking the issue as too large", () => {
    expect(valueSchema.safeParse("a".repeat(maxValueBytes)).success).toBe(true);
    const tooBig = valueSchema.safeParse("a".repeat(maxValueBytes + 1));
    expect(tooBig.success).toBe(false);
    expect(tooBig.error?.issues[0]).toMatchObject({ code: "custom", params: { tooLarge: true } });
    // 2 bytes per "é": half a MiB of characters is already a full MiB.
    expect(valueSchema.safeParse("é".repeat(maxValueBytes / 2)).success).toBe(true);
    expect(valueSchema.safeParse("é".repeat(maxValueBytes / 2 + 1)).success).toBe(false);
  });
});

describe("utf8ByteLength", () => {
  it("agrees with TextEncoder on any string", () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        expect(utf8ByteLength(text)).toBe(encoder.encode(text).length);
      }),
    );
    expect(utf8ByteLength("\ud800x")).toBe(encoder.encode("\ud800x").length);
    expect(utf8ByteLength("\udc00")).toBe(encoder.encode("\udc00").length);
  });
});
