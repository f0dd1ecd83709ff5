import { CausalReplica, type JournalEvent } from "@causal-kv/core";
import { describe, expect, it } from "vitest";
import { judgeSoak, type SoakRecord } from "./judgeSoak.js";
import type { AcknowledgedWrite } from "./sessionWriters.js";

const members = ["node1", "node2", "node3"];

/** node1 writes x, node2 sees it and writes y, node3 gets both; node3 then restarts once. */
function cleanRecord(): SoakRecord {
  const [n1, n2, n3] = members.map((id) => new CausalReplica({ id, members }));
  if (!n1 || !n2 || !n3) throw new Error("setup");
  const journals: Record<string, JournalEvent[]> = { node1: [], node2: [], node3: [] };
  const x = n1.write("x", "1", 0);
  journals.node1?.push(...x.events);
  journals.node2?.push(...n2.receive(x.message, 1));
  const y = n2.write("y", "2", 2);
  journals.node2?.push(...y.events);
  journals.node1?.push(...n1.receive(y.message, 3));
  journals.node3?.push(...n3.receive(x.message, 4));
  journals.node3?.push(...n3.restarted(5));
  journals.node3?.push(...n3.receive(y.message, 6));
  const acknowledged: AcknowledgedWrite[] = [
    { id: "node1:1", replica: "node1", key: "x", value: "1", clock: x.message.clock },
    { id: "node2:1", replica: "node2", key: "y", value: "2", clock: y.message.clock },
  ];
  return {
    replicas: members,
    journals,
    stores: { node1: n1.storeSnapshot(), node2: n2.storeSnapshot(), node3: n3.storeSnapshot() },
    acknowledged,
    indefinite: [{ replica: "node1", key: "x", value: "never", reason: "reset" }],
    restarts: { node3: 1 },
  };
}

const kinds = (record: SoakRecord) => judgeSoak(record).violations.map((v) => v.kind);

describe("judgeSoak", () => {
  it("passes a clean soak and counts its events", () => {
    const verdict = judgeSoak(cleanRecord());
    expect(verdict).toMatchObject({
      acknowledged: 2,
      lost: [],
      violations: [],
      indefiniteApplied: 0,
    });
    // node1: write, send, receive, deliver; node2 the same; node3: two receive+deliver and a restart.
    expect(verdict.events).toBe(13);
    expect(verdict).toMatchObject({ buffered: 0, duplicates: 0 });
  });

  it("reports an acknowledged write that one replica never applied as lost", () => {
    const record = cleanRecord();
    const node3 = (record.journals.node3 ?? []).filter(
      (event) => !(event.type === "deliver" && event.message.key === "y"),
    );
    const verdict = judgeSoak({
      ...record,
      journals: { ...record.journals, node3 },
      stores: { ...record.stores, node3: record.stores.node1 ?? {} },
    });
    expect(verdict.lost.map((finding) => finding.message)).toEqual([
      "node2:1 (y=2, acknowledged by node2) never applied at node3",
    ]);
    expect(verdict.violations.map((v) => v.kind)).toContain("store-unlike-journal");
  });

  it("reports a write id applied with another value than it was acknowledged with", () => {
    const record = cleanRecord();
    const [first, second] = record.acknowledged;
    if (!first || !second) throw new Error("setup");
    const reused = { ...record, acknowledged: [{ ...first, value: "other" }, second] };
    expect(kinds(reused)).toEqual(["counter-reused", "counter-reused", "counter-reused"]);
  });

  it("reports a write applied twice, a journal gap and a restart the journal missed", () => {
    const record = cleanRecord();
    const node1 = [...(record.journals.node1 ?? [])];
    const deliver = node1.find((event) => event.type === "deliver");
    if (!deliver) throw new Error("setup");
    node1.push({ ...deliver, seq: node1.length + 2 });
    expect(kinds({ ...record, journals: { ...record.journals, node1 } })).toEqual([
      "applied-twice",
      "journal-gap",
    ]);
    expect(kinds({ ...record, restarts: { node3: 2 } })).toEqual(["restart-unrecorded"]);
  });

  it("reports stores that differ byte for byte, even by sibling order alone", () => {
    const record = cleanRecord();
    const store = record.stores.node1 ?? {};
    const reordered = Object.fromEntries(Object.entries(store).reverse());
    expect(
      judgeSoak({ ...record, stores: { ...record.stores, node2: reordered } }).violations,
    ).toEqual([{ kind: "diverged", message: "node2's store differs from node1's in key order" }]);
  });

  it("reports a cluster that never went quiet, without judging loss by its stores", () => {
    const verdict = judgeSoak({ ...cleanRecord(), stores: {}, unsettled: "node3 buffers 2" });
    expect(verdict.violations).toEqual([{ kind: "not-quiescent", message: "node3 buffers 2" }]);
  });

  it("judges what the sessions saw with the client checker", () => {
    const record = cleanRecord();
    expect(
      judgeSoak({ ...record, history: { a: [{ type: "read", key: "x", values: [] }] } }).violations,
    ).toEqual([]);
    const verdict = judgeSoak({
      ...record,
      history: {
        alice: [{ type: "write", key: "post", value: "p" }],
        bob: [
          { type: "read", key: "post", values: [{ value: "p" }] },
          { type: "write", key: "reply", value: "q" },
        ],
        carol: [
          { type: "read", key: "reply", values: [{ value: "q" }] },
          { type: "read", key: "post", values: [] },
        ],
      },
    });
    expect(verdict.violations).toEqual([
      {
        kind: "writes-follow-reads",
        message: expect.stringContaining("bob's writes-follow-reads was broken"),
      },
    ]);
  });

  it("counts indefinite writes that were in fact applied", () => {
    const record = cleanRecord();
    const verdict = judgeSoak({
      ...record,
      indefinite: [
        ...record.indefinite,
        { replica: "node2", key: "y", value: "2", reason: "reset" },
      ],
    });
    expect(verdict.indefiniteApplied).toBe(1);
  });
});
