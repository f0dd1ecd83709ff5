import {
  type BufferEvent,
  type CatchUpEvent,
  CausalReplica,
  type DeliverEvent,
  type DuplicateEvent,
  digestValue,
  type JournalEvent,
  type ModeEvent,
  type ReceiveEvent,
  type RestartEvent,
  type SendEvent,
  type WriteEvent,
} from "@causal-kv/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import {
  type bufferEventSchema,
  type catchUpEventSchema,
  type deliverEventSchema,
  type duplicateEventSchema,
  journalEventSchema,
  type modeEventSchema,
  type receiveEventSchema,
  type restartEventSchema,
  type sendEventSchema,
  type writeEventSchema,
} from "./journalEvent.js";
import { traceSchema } from "./trace.js";

/** The core's types are readonly; parsed values are not. Equality is checked up to that. */
type DeepMutable<T> = T extends readonly (infer U)[]
  ? DeepMutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
    : T;

describe("journal event schemas", () => {
  it("have exactly the core's shapes (checked by tsc)", () => {
    expectTypeOf<z.infer<typeof writeEventSchema>>().toEqualTypeOf<DeepMutable<WriteEvent>>();
    expectTypeOf<z.infer<typeof sendEventSchema>>().toEqualTypeOf<DeepMutable<SendEvent>>();
    expectTypeOf<z.infer<typeof receiveEventSchema>>().toEqualTypeOf<DeepMutable<ReceiveEvent>>();
    expectTypeOf<z.infer<typeof bufferEventSchema>>().toEqualTypeOf<DeepMutable<BufferEvent>>();
    expectTypeOf<z.infer<typeof deliverEventSchema>>().toEqualTypeOf<DeepMutable<DeliverEvent>>();
    expectTypeOf<z.infer<typeof duplicateEventSchema>>().toEqualTypeOf<
      DeepMutable<DuplicateEvent>
    >();
    expectTypeOf<z.infer<typeof modeEventSchema>>().toEqualTypeOf<DeepMutable<ModeEvent>>();
    expectTypeOf<z.infer<typeof restartEventSchema>>().toEqualTypeOf<DeepMutable<RestartEvent>>();
    expectTypeOf<z.infer<typeof catchUpEventSchema>>().toEqualTypeOf<DeepMutable<CatchUpEvent>>();
    expectTypeOf<z.infer<typeof journalEventSchema>>().toEqualTypeOf<DeepMutable<JournalEvent>>();
  });

  it("parse every event type the core records, unchanged", () => {
    const members = ["node1", "node2", "node3"];
    const node1 = new CausalReplica({ id: "node1", members });
    const node2 = new CausalReplica({ id: "node2", members });
    const node3 = new CausalReplica({ id: "node3", members });
    const x = node1.write("x", "1", 10);
    node2.receive(x.message, 11);
    const y = node2.write("y", "2", 12);
    const events: JournalEvent[] = [
      ...x.events,
      ...node3.receive(y.message, 13),
      ...node3.receive(y.message, 14),
      ...node3.receive(x.message, 15),
      ...node3.setMode("naive", 16),
      ...node3.restarted(17),
      ...node1.write("x", null, 18).events,
      ...new CausalReplica({ id: "node3", members }).catchUp(node2.stateTransfer(), "node2", 19),
    ];
    const types = new Set(events.map((event) => event.type));
    expect([...types].sort()).toEqual(
      [
        "buffer",
        "catch-up",
        "deliver",
        "duplicate",
        "mode",
        "receive",
        "restart",
        "send",
        "write",
      ].sort(),
    );
    for (const event of events) {
      expect(journalEventSchema.parse(JSON.parse(JSON.stringify(event)))).toEqual(event);
    }
  });

  it("rejects an unknown type, a missing field and a bad waitingFor", () => {
    const base = { seq: 1, time: 0, replica: "node1", clock: { node1: 1 } };
    const message = { origin: "node1", clock: { node1: 1 }, key: "x", value: digestValue("1") };
    expect(journalEventSchema.safeParse({ ...base, type: "write", message }).success).toBe(true);
    const whole = { ...message, value: "1" };
    expect(journalEventSchema.safeParse({ ...base, type: "write", message: whole }).success).toBe(
      false,
    );
    expect(journalEventSchema.safeParse({ ...base, type: "teleport", message }).success).toBe(
      false,
    );
    expect(journalEventSchema.safeParse({ ...base, type: "deliver", message }).success).toBe(false);
    expect(journalEventSchema.safeParse({ ...base, seq: 0, type: "restart" }).success).toBe(false);
    for (const waitingFor of [["node1"], ["node1:0"], ["node 1:2"], ["node1:1.5"]]) {
      const event = { ...base, type: "buffer", message, waitingFor };
      expect(journalEventSchema.safeParse(event).success, JSON.stringify(waitingFor)).toBe(false);
    }
  });

  it("reads a trace recorded when events carried whole values, digesting them", () => {
    const base = { seq: 1, time: 0, replica: "node1", clock: { node1: 1 } };
    const value = "v".repeat(100);
    const message = { origin: "node1", clock: { node1: 1 }, key: "x", value };
    const sibling = { value, clock: { node1: 1 }, origin: "node1" };
    const older = [
      { ...base, type: "write", message },
      { ...base, seq: 2, type: "catch-up", from: "node2", applied: {}, adopted: { x: [sibling] } },
    ];
    const trace = traceSchema.parse({ replicas: ["node1"], journals: { node1: older } });
    expect(trace.journals.node1?.[0]).toMatchObject({ message: { value: digestValue(value) } });
    expect(trace.journals.node1?.[1]).toMatchObject({
      adopted: { x: [{ ...sibling, value: digestValue(value) }] },
    });
  });

  it("reads a trace of journals", () => {
    const event = { seq: 1, time: 5, replica: "node1", clock: { node1: 0 }, type: "restart" };
    const trace = { replicas: ["node1"], journals: { node1: [event] } };
    expect(traceSchema.parse(trace)).toEqual(trace);
    expect(traceSchema.safeParse({ replicas: [], journals: {} }).success).toBe(false);
    expect(traceSchema.safeParse({ replicas: ["node1"], journals: { node1: [{}] } }).success).toBe(
      false,
    );
  });
});
