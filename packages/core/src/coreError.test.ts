import { describe, expect, it } from "vitest";
import { memberIds } from "./causalHistory.testkit.js";
import { CausalReplica } from "./causalReplica.js";
import { CoreError } from "./coreError.js";
import { normalizeMembers } from "./replicaId.js";
import { assertValidWrite } from "./replicatedWrite.js";
import { assertValidClock } from "./vectorClock.js";

const members = memberIds(3);
const memberSet = new Set(members);
const good = { origin: "node1", clock: { node1: 1 }, key: "x", value: "1" };

/** node2 after writing once and delivering node1's first write. */
function node2(): CausalReplica {
  const replica = new CausalReplica({ id: "node2", members });
  replica.write("y", "mine", 1);
  replica.receive(good, 2);
  return replica;
}

function thrown(run: () => unknown): CoreError {
  try {
    run();
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error("nothing thrown");
}

// These sentences reach users as the `message` of an HTTP error reply, so they must say what was
// wrong with the input, in words.
const cases: [string, () => unknown, string, string][] = [
  [
    "an empty member list",
    () => normalizeMembers([]),
    "invalid-config",
    "a cluster needs at least one replica",
  ],
  [
    "a malformed replica id",
    () => normalizeMembers(["node 1"]),
    "invalid-config",
    '"node 1" is not a replica id (a letter, then letters, digits, - and _)',
  ],
  [
    "a repeated replica id",
    () => normalizeMembers(["node1", "node2", "node1"]),
    "invalid-config",
    'replica "node1" is listed twice',
  ],
  [
    "a replica that is not a member",
    () => new CausalReplica({ id: "node9", members }),
    "invalid-config",
    "replica node9 is not among the members",
  ],
  [
    "an unknown delivery mode",
    () => node2().setMode("eventual" as "naive", 3),
    "invalid-config",
    "delivery mode must be causal or naive, got eventual",
  ],
  [
    "a clock that is not an object",
    () => assertValidClock([1], memberSet),
    "invalid-clock",
    "a vector clock must be an object of replica id → count",
  ],
  [
    "a clock naming a stranger",
    () => assertValidClock({ node1: 1, node7: 2 }, memberSet),
    "unknown-replica",
    'the clock names "node7", which is not a replica',
  ],
  [
    "a negative clock entry",
    () => assertValidClock({ node2: -1 }, memberSet),
    "invalid-clock",
    "clock entry node2 must be a non-negative integer, got -1",
  ],
  [
    "a write that is not an object",
    () => assertValidWrite("node1:1", memberSet),
    "invalid-write",
    "a replicated write must be an object",
  ],
  [
    "a write from a stranger",
    () => assertValidWrite({ ...good, origin: "node9" }, memberSet),
    "unknown-replica",
    'the write comes from "node9", which is not a replica',
  ],
  [
    "a write whose clock does not count it",
    () => assertValidWrite({ ...good, clock: { node2: 1 } }, memberSet),
    "invalid-clock",
    "the clock of a write from node1 must count it (node1 ≥ 1)",
  ],
  [
    "an empty key",
    () => assertValidWrite({ ...good, key: "" }, memberSet),
    "invalid-write",
    "a key must be a string of 1 to 256 characters",
  ],
  [
    "a received value that is not a string",
    () => assertValidWrite({ ...good, value: 1 }, memberSet),
    "invalid-write",
    "a value must be a string, or null for a delete",
  ],
  [
    "a written value that is not a string",
    () => node2().write("x", 1 as unknown as string, 3),
    "invalid-write",
    "a value must be a string, or null for a delete",
  ],
  [
    "an echo of a write this replica never made",
    () => node2().receive({ ...good, origin: "node2", clock: { node2: 2 } }, 3),
    "invalid-write",
    "node2:2 claims a write this replica never made",
  ],
  [
    "a clock that has seen writes this replica never made",
    () => node2().receive({ ...good, clock: { node1: 2, node2: 3 } }, 3),
    "invalid-clock",
    "node1:2 has seen writes of node2 that this replica never made",
  ],
];

describe("CoreError", () => {
  it.each(cases)("for %s says what was wrong", (_, run, code, message) => {
    const error = thrown(run);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
  });

  it("is an Error named CoreError, so logs and stack traces say where it came from", () => {
    const error = new CoreError("invalid-write", "bad");
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("CoreError");
    expect(String(error)).toBe("CoreError: bad");
  });
});
