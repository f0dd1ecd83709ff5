import { CausalReplica, type JournalEvent, type ReplicatedWrite } from "@causal-kv/core";
import { describe, expect, it } from "vitest";
import { discardedCopyAfter, withDiscardedCopies } from "./olderJournals.js";
import { traceSchema } from "./trace.js";

const members = ["node1", "node2", "node3"];

/** node3's journal with both kinds of duplicate: copies that arrive, and a buffered write gone stale. */
function journalWithDuplicates(): JournalEvent[] {
  const node1 = new CausalReplica({ id: "node1", members });
  const node2 = new CausalReplica({ id: "node2", members });
  const node3 = new CausalReplica({ id: "node3", members });
  const x = node1.write("x", "1", 1).message;
  node2.receive(x, 2);
  const y = node2.write("y", "2", 3).message;
  // node2 lost y in a crash and numbered another write the same.
  const reused: ReplicatedWrite = { origin: "node2", clock: { node2: 1 }, key: "y", value: "9" };
  return [
    ...node3.receive(y, 4),
    ...node3.receive(y, 5),
    ...node3.receive(reused, 6),
    ...node3.receive(x, 7),
    ...node3.receive(x, 8),
    ...node3.setMode("naive", 9),
  ];
}

/** As a replica wrote it before duplicates said which copy they discarded. */
function older(journal: readonly JournalEvent[]): unknown[] {
  return JSON.parse(JSON.stringify(journal)).map((event: Record<string, unknown>) => {
    const { discarded: _, ...rest } = event;
    return rest;
  });
}

describe("journals from before duplicates said which copy they discarded", () => {
  it("get back exactly what the core journals", () => {
    const journal = journalWithDuplicates();
    expect(journal.filter((e) => e.type === "duplicate").map((e) => e.discarded)).toEqual([
      "incoming",
      "buffered",
      "incoming",
    ]);
    expect(withDiscardedCopies(older(journal))).toEqual(JSON.parse(JSON.stringify(journal)));
  });

  it("are read from a trace file, and a current trace reads unchanged", () => {
    const journal = JSON.parse(JSON.stringify(journalWithDuplicates()));
    const trace = { replicas: ["node3"], journals: { node3: journal } };
    expect(traceSchema.parse({ ...trace, journals: { node3: older(journal) } })).toEqual(trace);
    expect(traceSchema.parse(trace)).toEqual(trace);
  });

  it("keep what the replica wrote, and leave what is not a journal to the schema", () => {
    const kept = { type: "duplicate", discarded: "buffered" };
    expect(withDiscardedCopies([{ type: "receive", message: {} }, kept])).toEqual([
      { type: "receive", message: {} },
      kept,
    ]);
    expect(withDiscardedCopies("events")).toBe("events");
    expect(withDiscardedCopies([null, 3])).toEqual([null, 3]);
    expect(traceSchema.safeParse({ replicas: ["node1"], journals: { node1: "x" } }).success).toBe(
      false,
    );
  });

  it("call a duplicate incoming only right after the receive of the same write", () => {
    const message = (origin: string, seq: number) => ({ origin, clock: { [origin]: seq } });
    const duplicate = { type: "duplicate", message: message("node1", 2) };
    const after = (previous: unknown) => discardedCopyAfter(previous, duplicate);
    expect(after({ type: "receive", message: message("node1", 2) })).toBe("incoming");
    expect(after({ type: "receive", message: message("node1", 1) })).toBe("buffered");
    expect(after({ type: "receive", message: message("node2", 2) })).toBe("buffered");
    expect(after({ type: "deliver", message: message("node1", 2) })).toBe("buffered");
    expect(after({ type: "receive" })).toBe("buffered");
    expect(after(undefined)).toBe("buffered");
    expect(discardedCopyAfter({ type: "receive", message: message("node1", 2) }, {})).toBe(
      "buffered",
    );
  });
});
