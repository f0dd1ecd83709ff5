import type { ReplicatedWrite } from "@causal-kv/core";
import { type WriteResponse, writeResponseSchema } from "@causal-kv/protocol";
import fc from "fast-check";
import { describe, expect, expectTypeOf, it } from "vitest";
import { writeJson } from "./writeJson.js";

const writes = fc.record<ReplicatedWrite>({
  origin: fc.constantFrom("node1", "node2", "node3"),
  clock: fc.dictionary(fc.constantFrom("node1", "node2", "node3"), fc.nat()),
  key: fc.string({ minLength: 1 }),
  value: fc.option(fc.string(), { nil: null }),
});

describe("writeJson", () => {
  it("is the write's JSON, the same text each time it is asked", () => {
    fc.assert(
      fc.property(writes, (write) => {
        const first = writeJson(write);
        expect(first).toBe(JSON.stringify(write));
        expect(writeJson(write)).toBe(first);
        expect(JSON.parse(first)).toEqual(write);
      }),
    );
  });

  it("keeps each write's own text apart from an equal-looking other write", () => {
    const a: ReplicatedWrite = { origin: "node1", clock: { node1: 1 }, key: "k", value: "a" };
    const b: ReplicatedWrite = { origin: "node1", clock: { node1: 1 }, key: "k", value: "b" };
    expect(writeJson(a)).not.toBe(writeJson(b));
    expect(writeJson(b)).toBe(JSON.stringify(b));
  });

  it("is also the answer to the write: a WriteResponse has the write's fields and no others", () => {
    expectTypeOf<keyof WriteResponse>().toEqualTypeOf<keyof ReplicatedWrite>();
    fc.assert(
      fc.property(writes, (write) => {
        const answer = JSON.parse(writeJson(write));
        expect(Object.keys(answer).sort()).toEqual(Object.keys(writeResponseSchema.shape).sort());
      }),
    );
  });
});
