import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maxBatchMessages, replicateBatchSchema } from "./replicate.js";
import { replicateBatchFastPath } from "./replicateBatchFastPath.js";
import { maxValueBytes } from "./replicatedWrite.js";

const id = fc.constantFrom("node1", "node2", "node3", "a-b_C9", "x".repeat(64));
const badId = fc.constantFrom("", "1node", "node 1", "constructor", "__proto__", "x".repeat(65), 7);
const count = fc.oneof(fc.nat(), fc.constantFrom(0, 2 ** 53 - 1));
const badCount = fc.constantFrom(-1, 1.5, 2 ** 53, Number.NaN, "1", null, true);
// Valid keys only: "." and ".." are refused (tested below), so a valid batch never holds them.
const key = fc.oneof(
  fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== "." && k !== ".."),
  fc.constant("k".repeat(256)),
);
const badKey = fc.constantFrom("", ".", "..", "k".repeat(257), 1, null);
const value = fc.oneof(fc.string({ maxLength: 20 }), fc.constant(null));
const clock = fc.dictionary(id, count, { maxKeys: 3 });
const write = fc.record({ origin: id, clock, key, value });
const batch = fc
  .record(
    { epoch: count, from: id, messages: fc.array(write, { maxLength: 5 }) },
    { requiredKeys: ["messages"] },
  )
  .filter((b) => b.messages.length > 0 || (b.epoch !== undefined && b.from !== undefined));

/** One change to a valid batch, which may or may not leave it valid. */
const mutation = fc.oneof(
  fc.record({ at: fc.constantFrom("epoch", "from", "messages", "extra"), to: fc.anything() }),
  fc.record({
    at: fc.constantFrom("origin", "clock", "key", "value", "extra"),
    to: fc.oneof(fc.anything(), badId, badCount, badKey),
  }),
  fc.record({
    at: fc.constant("clockEntry"),
    to: fc.tuple(fc.oneof(id, badId), fc.oneof(count, badCount)),
  }),
  fc.record({
    at: fc.constant("drop"),
    to: fc.constantFrom("epoch", "from", "messages", "origin", "clock", "key", "value"),
  }),
);

function mutate(valid: unknown, change: { at: string; to: unknown }): unknown {
  if (typeof valid !== "object" || valid === null || Array.isArray(valid)) return valid;
  const body = structuredClone(valid) as Record<string, unknown>;
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const first: unknown = messages[0];
  const message =
    typeof first === "object" && first !== null ? (first as Record<string, unknown>) : undefined;
  const { at, to } = change;
  if (at === "drop") {
    delete body[to as string];
    if (message) delete message[to as string];
  } else if (["epoch", "from", "messages"].includes(at)) body[at] = to;
  else if (at === "extra") {
    if (message) message.extra = to;
    else body.extra = to;
  } else if (at === "clockEntry") {
    const [entryId, entry] = to as [string, unknown];
    const clock = message?.clock;
    if (typeof clock === "object" && clock !== null) {
      (clock as Record<string, unknown>)[String(entryId)] = entry;
    }
  } else if (message) message[at] = to;
  return body;
}

/** The fast path may decline anything, but what it accepts the schema must accept, equal. */
function agree(body: unknown): void {
  const fast = replicateBatchFastPath(body);
  const parsed = replicateBatchSchema.safeParse(body);
  if (fast !== undefined) {
    expect(parsed.success).toBe(true);
    expect(fast).toEqual(parsed.data);
  }
}

describe("the replicate batch fast path", () => {
  it("takes every valid batch of the usual shape, as the schema parses it", () => {
    fc.assert(
      fc.property(batch, (valid) => {
        const body = JSON.parse(JSON.stringify(valid));
        expect(replicateBatchFastPath(body)).toEqual(replicateBatchSchema.parse(body));
      }),
    );
  });

  it("accepts nothing the schema refuses, and parses as it does", () => {
    fc.assert(
      fc.property(batch, fc.array(mutation, { minLength: 1, maxLength: 3 }), (valid, changes) => {
        let body: unknown = valid;
        for (const change of changes) body = mutate(body, change);
        agree(body);
        agree(JSON.parse(JSON.stringify(body) ?? "null"));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ["not an object", [1]],
    ["null", null],
    ["a string", "batch"],
    ["an empty batch with no sender", { epoch: 1, messages: [] }],
    [
      "too many messages",
      {
        messages: Array(maxBatchMessages + 1).fill({
          origin: "node1",
          clock: {},
          key: "k",
          value: null,
        }),
      },
    ],
    [
      "a value over the limit",
      {
        messages: [
          { origin: "node1", clock: {}, key: "k", value: "é".repeat(maxValueBytes / 2 + 1) },
        ],
      },
    ],
    [
      "an object with another prototype",
      {
        messages: [
          Object.assign(Object.create({ inherited: 1 }), {
            origin: "node1",
            clock: {},
            key: "k",
            value: null,
          }),
        ],
      },
    ],
    [
      "a null-prototype clock",
      { messages: [{ origin: "node1", clock: Object.create(null), key: "k", value: null }] },
    ],
  ])("declines %s", (_, body) => {
    expect(replicateBatchFastPath(body)).toBeUndefined();
    agree(body);
  });

  const good = { origin: "node1", clock: { node1: 1, node2: 0 }, key: "k", value: "v" };
  const badWrites: [string, unknown][] = [
    ["a bad origin", { ...good, origin: "1node" }],
    ["an origin named like Object's members", { ...good, origin: "constructor" }],
    ["a negative clock entry", { ...good, clock: { node1: -1 } }],
    ["a fractional clock entry", { ...good, clock: { node1: 1.5 } }],
    ["an unsafe clock entry", { ...good, clock: { node1: 2 ** 53 } }],
    ["a clock entry under a bad id", { ...good, clock: { "node 1": 1 } }],
    ["a clock that is an array", { ...good, clock: [1] }],
    ["an empty key", { ...good, key: "" }],
    ['the key "."', { ...good, key: "." }],
    ['the key ".."', { ...good, key: ".." }],
    ["a key too long", { ...good, key: "k".repeat(257) }],
    ["a number as value", { ...good, value: 1 }],
    ["no value", { origin: "node1", clock: {}, key: "k" }],
    ["a key more", { ...good, extra: 1 }],
  ];
  it.each(badWrites)(
    "declines a write with %s, which the schema refuses or strips",
    (_, message) => {
      const body = { epoch: 0, from: "node1", messages: [good, message] };
      expect(replicateBatchFastPath(body)).toBeUndefined();
      const parsed = replicateBatchSchema.safeParse(body);
      if (parsed.success) expect(parsed.data).not.toEqual(body);
    },
  );

  it.each([
    ["a negative epoch", { epoch: -1, messages: [good] }],
    ["a string epoch", { epoch: "1", messages: [good] }],
    ["a bad sender", { from: "node 1", messages: [good] }],
    ["a key more", { messages: [good], extra: true }],
    ["messages that are not an array", { messages: good }],
  ])("declines a batch with %s, which the schema refuses or strips", (_, body) => {
    expect(replicateBatchFastPath(body)).toBeUndefined();
    const parsed = replicateBatchSchema.safeParse(body);
    if (parsed.success) expect(parsed.data).not.toEqual(body);
  });

  it("takes the largest value and the most messages the schema allows", () => {
    const largest = {
      origin: "node1",
      clock: { node1: 1 },
      key: "k",
      value: "é".repeat(maxValueBytes / 2),
    };
    const full = { epoch: 0, from: "node1", messages: Array(maxBatchMessages).fill(largest) };
    expect(replicateBatchFastPath(full)).toBe(full);
    expect(replicateBatchSchema.safeParse(full).success).toBe(true);
    // The schema measures 1,000 values of 1 MiB in UTF-8: seconds on a busy machine.
  }, 60_000);
});
