import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkClientHistory } from "./checkClientHistory.js";
import type { ClientHistory, ClientOperation, ClientViolationKind } from "./clientHistory.js";

const w = (key: string, value: string, replica?: string): ClientOperation => ({
  type: "write",
  key,
  value,
  ...(replica ? { replica } : {}),
});
const r = (key: string, values: string[], replica?: string): ClientOperation => ({
  type: "read",
  key,
  values: values.map((value) => ({ value })),
  ...(replica ? { replica } : {}),
});

function kinds(history: ClientHistory): ClientViolationKind[] {
  return checkClientHistory(history).map((violation) => violation.kind);
}

describe("histories that are causally consistent", () => {
  it("the reply seen with its post; concurrent writes returned together or one at a time", () => {
    expect(
      checkClientHistory({
        alice: [w("post", "p")],
        bob: [r("post", ["p"]), w("reply", "q")],
        carol: [r("reply", ["q"]), r("post", ["p"])],
        dave: [r("reply", []), r("post", [])],
      }),
    ).toEqual([]);
    expect(
      checkClientHistory({
        a: [w("x", "1")],
        b: [w("x", "2")],
        c: [r("x", ["1", "2"]), r("x", ["1", "2"])],
        d: [r("x", ["2"]), r("x", ["1", "2"])],
      }),
    ).toEqual([]);
  });

  it("a later write that supersedes the missed one, by causality or by its clock", () => {
    expect(kinds({ a: [w("x", "1"), w("x", "2"), r("x", ["2"])] })).toEqual([]);
    // b never read 1, but its replica had it: 2's clock says 2 saw 1.
    const clocked: ClientHistory = {
      a: [
        { type: "write", key: "x", value: "1", clock: { n1: 1 } },
        { type: "read", key: "x", values: [{ value: "2", clock: { n1: 2 } }] },
      ],
      b: [w("x", "2")],
    };
    expect(kinds(clocked)).toEqual([]);
    const concurrent: ClientHistory = {
      a: [
        { type: "write", key: "x", value: "1", clock: { n1: 1 } },
        { type: "read", key: "x", values: [{ value: "2", clock: { n2: 1 } }] },
      ],
      b: [w("x", "2")],
    };
    expect(kinds(concurrent)).toEqual(["read-your-writes"]);
  });

  it("an unanswered write counts only if some read returned it", () => {
    const uncertain: ClientOperation = { type: "write", key: "x", value: "1", uncertain: true };
    expect(kinds({ a: [uncertain, r("x", [])] })).toEqual([]);
    expect(kinds({ a: [uncertain], b: [r("x", ["1"]), r("x", [])] })).toEqual(["monotonic-reads"]);
  });
});

describe("each violation, found on a crafted history with the operations involved", () => {
  it("read-your-writes: a session does not see its own write", () => {
    const [violation] = checkClientHistory({
      alice: [w("x", "1", "node1"), r("x", [], "node2")],
    });
    expect(violation).toMatchObject({
      kind: "read-your-writes",
      session: "alice",
      operations: [{ index: 1 }, { index: 0 }],
    });
    expect(violation?.message).toBe(
      "alice's read of x at node2 (→ nothing) missed alice's write x=1 at node1: read-your-writes was broken",
    );
  });

  it("monotonic reads: a second read loses what the first returned", () => {
    const [violation] = checkClientHistory({
      alice: [w("x", "1")],
      bob: [r("x", ["1"]), r("x", [])],
    });
    expect(violation).toMatchObject({
      kind: "monotonic-reads",
      session: "bob",
      operations: [
        { session: "bob", index: 1 },
        { session: "alice", index: 0 },
        { session: "bob", index: 0 },
      ],
    });
  });

  it("monotonic writes: a reader sees a session's second write but not its first", () => {
    const [violation] = checkClientHistory({
      alice: [w("a", "1"), w("b", "2")],
      bob: [r("b", ["2"]), r("a", [])],
    });
    expect(violation?.kind).toBe("monotonic-writes");
    expect(violation?.message).toContain("alice's monotonic writes was broken");
  });

  it("writes-follow-reads: the reply before the post (the lab's scenario)", () => {
    const violations = checkClientHistory({
      alice: [w("post", "p", "node1")],
      bob: [r("post", ["p"], "node1"), w("reply", "q", "node2")],
      carol: [r("reply", ["q"], "node3"), r("post", [], "node3")],
    });
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({
      kind: "writes-follow-reads",
      session: "carol",
      operations: [
        { session: "carol", index: 1 },
        { session: "alice", index: 0 },
        { session: "bob", index: 0 },
        { session: "bob", index: 1 },
        { session: "carol", index: 0 },
      ],
    });
    expect(violations[0]?.message).toBe(
      "carol's read of post at node3 (→ nothing) missed alice's write post=p at node1: yet carol's read of reply at node3 (→ q) returned bob's write reply=q at node2, which bob wrote after bob's read of post at node1 (→ p): bob's writes-follow-reads was broken",
    );
  });

  it("causal visibility: a longer chain, through a session that only passed the post on", () => {
    const [violation] = checkClientHistory({
      alice: [w("post", "p")],
      bob: [r("post", ["p"]), w("note", "n")],
      dan: [r("note", ["n"]), w("reply", "q")],
      carol: [r("reply", ["q"]), r("post", [])],
    });
    expect(violation?.kind).toBe("causal-visibility");
    expect(violation?.operations.map((op) => op.session)).toEqual([
      "carol",
      "alice",
      "dan",
      "carol",
    ]);
  });

  it("a read of nothing with a write in its past, and only the latest missed write reported", () => {
    const violations = checkClientHistory({
      alice: [w("x", "1"), w("x", "2")],
      bob: [r("x", ["2"]), r("x", [])],
    });
    expect(violations.map((v) => [v.kind, v.operations[1]?.index])).toEqual([
      ["monotonic-reads", 1],
    ]);
  });

  it("stale sibling: a read returns a write superseded in its causal past", () => {
    const violations = checkClientHistory({
      alice: [w("x", "1"), w("x", "2")],
      bob: [r("x", ["2"]), r("x", ["1", "2"])],
    });
    expect(violations).toMatchObject([
      {
        kind: "stale-sibling",
        session: "bob",
        operations: [
          { session: "bob", index: 1 },
          { session: "alice", index: 0 },
          { session: "alice", index: 1 },
        ],
      },
    ]);
  });

  it("thin-air read: a value no write of the key wrote", () => {
    const violations = checkClientHistory({
      alice: [w("y", "1")],
      bob: [r("x", ["1"]), r("x", ["ghost"])],
    });
    expect(violations.map((v) => v.kind)).toEqual(["thin-air-read", "thin-air-read"]);
    expect(violations[1]?.message).toBe(
      "bob's read of x (→ ghost) returned x=ghost, which no write of x wrote",
    );
  });

  it("cyclic causality: two sessions read each other's later writes", () => {
    const violations = checkClientHistory({
      alice: [r("x", ["2"]), w("y", "1")],
      bob: [r("y", ["1"]), w("x", "2")],
    });
    expect(violations).toHaveLength(1);
    expect(violations[0]?.kind).toBe("cyclic-causality");
    expect(violations[0]?.operations).toHaveLength(4);
    expect(violations[0]?.message).toMatch(/^causality is cyclic: .+ → .+ → .+ → .+ → /);
    expect(kinds({ a: [r("x", ["1"]), w("x", "1")] })).toEqual(["cyclic-causality"]);
  });

  it("refuses a history whose values are not unique", () => {
    expect(() => checkClientHistory({ a: [w("x", "1")], b: [w("y", "1")] })).toThrow(/unique/);
  });
});

describe("against a store that keeps causal consistency", () => {
  /**
   * One copy that every session reads and writes in turn: each read returns the key's latest write,
   * which is causally consistent. Dropping a value a read returned must then be found.
   */
  const runs = fc.array(
    fc.record({ session: fc.nat(3), read: fc.boolean(), key: fc.constantFrom("x", "y") }),
    { maxLength: 60 },
  );
  function sequential(steps: { session: number; read: boolean; key: string }[]) {
    const history: Record<string, ClientOperation[]> = { s0: [], s1: [], s2: [], s3: [] };
    // The one copy's clock counts its writes: every write has seen all before it.
    const latest = new Map<string, { value: string; clock: { one: number } }>();
    let writes = 0;
    for (const [i, step] of steps.entries()) {
      const ops = history[`s${step.session}`] ?? [];
      const current = latest.get(step.key);
      if (step.read) {
        ops.push({ type: "read", key: step.key, values: current === undefined ? [] : [current] });
      } else {
        const clock = { one: ++writes };
        ops.push({ type: "write", key: step.key, value: `v${i}`, clock });
        latest.set(step.key, { value: `v${i}`, clock });
      }
    }
    return history;
  }

  it("finds nothing wrong", () => {
    fc.assert(
      fc.property(runs, (steps) => {
        expect(checkClientHistory(sequential(steps))).toEqual([]);
      }),
    );
  });

  it("finds a read that lost a value its session had seen or written", () => {
    fc.assert(
      fc.property(runs, fc.nat(), (steps, pick) => {
        const history = sequential(steps);
        // Empty the last read of a session that wrote or read that key before it.
        const candidates = Object.entries(history).flatMap(([session, ops]) =>
          ops.flatMap((op, index) =>
            op.type === "read" &&
            op.values.length > 0 &&
            ops
              .slice(0, index)
              .some(
                (before) =>
                  before.key === op.key && (before.type === "write" || before.values.length > 0),
              )
              ? [{ session, index }]
              : [],
          ),
        );
        fc.pre(candidates.length > 0);
        const { session, index } = candidates[pick % candidates.length] ?? {
          session: "",
          index: 0,
        };
        const ops = history[session] ?? [];
        const read = ops[index];
        if (read?.type !== "read") return;
        ops[index] = { ...read, values: [] };
        expect(checkClientHistory(history).length).toBeGreaterThan(0);
      }),
    );
  });
});
