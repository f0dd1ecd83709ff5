/**
 * Catch-up by state transfer: a replica that lost its disk merges a peer's state, keeps causality
 * (what it holds is exactly what causal delivery of those writes gives), releases or discards what
 * it buffered, and ends equal to the others once everything in flight has arrived.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { memberIds, thrownCode } from "./causalHistory.testkit.js";
import { CausalReplica } from "./causalReplica.js";
import { journaledWrite } from "./journaledWrite.js";
import type { ReplicatedWrite } from "./replicatedWrite.js";
import { writeSeq } from "./replicatedWrite.js";

type Step =
  | { kind: "write"; at: number; key: string; value: string }
  | { kind: "arrive"; pick: number }
  | { kind: "wipe" }
  | { kind: "catch-up"; from: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("write" as const),
      at: fc.nat(),
      key: fc.constantFrom("x", "y", "z"),
      value: fc.constantFrom("a", "b", "c"),
    }),
  },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("arrive" as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("wipe" as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("catch-up" as const), from: fc.nat() }) },
);

const members = memberIds(3);

/** One fresh replica per member. */
function freshReplicas(): [CausalReplica, CausalReplica, CausalReplica] {
  return members.map((id) => new CausalReplica({ id, members })) as [
    CausalReplica,
    CausalReplica,
    CausalReplica,
  ];
}
/** The replica whose disk is wiped; it writes only once it has caught up since its last wipe. */
const lost = members.length - 1;
const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * Fed, in the order they were made (a causal order), exactly the writes `replica` has applied, a
 * replica outside the cluster delivers each at once only if they are causally closed.
 */
function checkCausallyClosed(replica: CausalReplica, made: readonly ReplicatedWrite[]): void {
  const reference = new CausalReplica({ id: "observer", members: [...members, "observer"] });
  for (const message of made) {
    if (replica.hasApplied(message.origin, writeSeq(message))) reference.receive(message, 0);
  }
  expect(reference.bufferedWrites()).toEqual([]);
  expect(reference.storeSnapshot()).toEqual(replica.storeSnapshot());
}

type InFlight = { to: number; message: ReplicatedWrite }[];

/** Delivers one message; a replica refuses one that saw writes it lost, so it stays in flight. */
function arrive(replicas: CausalReplica[], inFlight: InFlight, at: number, time: number): boolean {
  const [arrival] = inFlight.splice(at, 1);
  if (arrival === undefined) return false;
  try {
    (replicas[arrival.to] as CausalReplica).receive(arrival.message, time);
    return true;
  } catch {
    inFlight.push(arrival);
    return false;
  }
}

function run(steps: readonly Step[]) {
  const replicas = members.map((id) => new CausalReplica({ id, members }));
  const made: ReplicatedWrite[] = [];
  const inFlight: InFlight = [];
  let caughtUp = true;
  let time = 0;
  for (const step of steps) {
    time += 1;
    if (step.kind === "write") {
      const index = step.at % members.length;
      // Before it catches up, a wiped replica would number its writes again from 1.
      if (index === lost && !caughtUp) continue;
      const { message } = (replicas[index] as CausalReplica).write(step.key, step.value, time);
      made.push(message);
      for (const to of members.keys()) if (to !== index) inFlight.push({ to, message });
    } else if (step.kind === "arrive") {
      if (inFlight.length > 0) arrive(replicas, inFlight, step.pick % inFlight.length, time);
    } else if (step.kind === "wipe") {
      replicas[lost] = new CausalReplica({ id: members[lost] as string, members });
      // What it had sent is still in the network; what nobody holds or carries is lost for good.
      // By id: a replica keeps its own parsed copy of what it buffered, not the message sent.
      const sameWrite = (a: ReplicatedWrite, b: ReplicatedWrite) =>
        a.origin === b.origin && writeSeq(a) === writeSeq(b);
      const survives = (message: ReplicatedWrite) =>
        inFlight.some((arrival) => arrival.message === message) ||
        replicas.some(
          (replica) =>
            replica.hasApplied(message.origin, writeSeq(message)) ||
            replica.bufferedWrites().some((held) => sameWrite(held.message, message)),
        );
      made.splice(0, made.length, ...made.filter((m) => m.origin !== members[lost] || survives(m)));
      caughtUp = false;
    } else {
      const peer = replicas[step.from % (members.length - 1)] as CausalReplica;
      const wiped = replicas[lost] as CausalReplica;
      wiped.catchUp(viaJson(peer.stateTransfer()), peer.id, time);
      // Caught up once none of its own writes that survived is beyond its count: a peer holding one
      // says so in its answers, and the replica catches up from that one too before it writes.
      const own = wiped.delivered[wiped.id] ?? 0;
      caughtUp = made.every((m) => m.origin !== wiped.id || writeSeq(m) <= own);
    }
    for (const replica of replicas) checkCausallyClosed(replica, made);
  }
  return { replicas, inFlight, made };
}

/** Until nothing more can arrive. */
function deliverAll(replicas: CausalReplica[], inFlight: InFlight): void {
  let progress = true;
  while (progress && inFlight.length > 0) {
    progress = false;
    for (let n = inFlight.length; n > 0; n--)
      if (arrive(replicas, inFlight, 0, 1e6)) progress = true;
  }
}

describe("catching up by state transfer", () => {
  it("keeps every replica's writes causally closed, and converges once all has arrived", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 60 }), (steps) => {
        const { replicas, inFlight, made } = run(steps);
        // All that can arrive does, then an anti-entropy round (each replica catches up from each
        // other), then the rest arrives: what a wiped replica refused saw writes it has now.
        deliverAll(replicas, inFlight);
        for (const replica of replicas) {
          for (const peer of replicas) {
            if (peer !== replica) replica.catchUp(viaJson(peer.stateTransfer()), peer.id, 1e6);
          }
        }
        deliverAll(replicas, inFlight);
        expect(inFlight).toEqual([]);
        for (const replica of replicas) checkCausallyClosed(replica, made);
        const stores = replicas.map((replica) => JSON.stringify(replica.storeSnapshot()));
        expect(new Set(stores).size).toBe(1);
        for (const replica of replicas) expect(replica.bufferedWrites()).toEqual([]);
      }),
      {
        // Its own write still in the network when its disk is wiped, then nothing else.
        examples: [[[{ kind: "write", at: lost, key: "x", value: "a" }, { kind: "wipe" }]]],
      },
    );
  });

  it("is idempotent: the same transfer again changes nothing, releases nothing and is not journaled", () => {
    const [a, b] = freshReplicas();
    a.write("x", "1", 1);
    a.write("y", "2", 2);
    const first = b.catchUp(a.stateTransfer(), a.id, 3);
    expect(first.map((event) => event.type)).toEqual(["catch-up"]);
    const before = b.snapshot();
    const again = b.catchUp(a.stateTransfer(), a.id, 4);
    expect(again).toEqual([]);
    expect(b.snapshot()).toEqual(before);
    // So is a transfer between two fresh replicas: nothing to catch up on.
    const fresh = new CausalReplica({ id: b.id, members });
    expect(
      fresh.catchUp(new CausalReplica({ id: a.id, members }).stateTransfer(), a.id, 5),
    ).toEqual([]);
  });

  it("delivers what waited on writes the transfer brought, and discards what it covered", () => {
    const [a, b, c] = freshReplicas();
    const x = a.write("x", "1", 1).message;
    const x2 = a.write("x", "2", 2).message;
    b.receive(x, 3);
    b.receive(x2, 3);
    const y = b.write("y", "3", 4).message;
    // c has y (waits for a's two writes) and x2 (waits for x) but never gets x: a pruned it.
    c.receive(y, 5);
    c.receive(x2, 6);
    expect(c.bufferedWrites()).toHaveLength(2);
    const events = c.catchUp(a.stateTransfer(), a.id, 7);
    expect(events.map((event) => event.type)).toEqual(["catch-up", "duplicate", "deliver"]);
    expect(events[1]).toMatchObject({ discarded: "buffered", message: journaledWrite(x2) });
    expect(events[2]).toMatchObject({ message: journaledWrite(y), bufferedMs: 2 });
    expect(c.bufferedWrites()).toEqual([]);
    expect(c.storeSnapshot()).toEqual(b.storeSnapshot());
  });

  it("gives a wiped replica back the count of its own writes, so it numbers new ones after", () => {
    const [a, b] = freshReplicas();
    b.receive(a.write("x", "1", 1).message, 2);
    b.receive(a.write("x", "2", 2).message, 3);
    const wiped = new CausalReplica({ id: a.id, members });
    wiped.catchUp(b.stateTransfer(), b.id, 4);
    expect(writeSeq(wiped.write("y", "3", 5).message)).toBe(3);
  });

  it("gives a wiped replica back its own writes that only a peer's buffer held", () => {
    const [a, b, c] = freshReplicas();
    const a1 = a.write("x", "1", 1).message;
    a.receive(c.write("z", "c", 2).message, 3);
    // a's second write saw c's, which b never got: b holds it in its buffer, and nobody else.
    const a2 = a.write("x", "2", 4).message;
    b.receive(a1, 5);
    b.receive(a2, 6);
    expect(b.bufferedWrites().map((held) => held.message)).toEqual([a2]);
    const wiped = new CausalReplica({ id: a.id, members });
    const events = wiped.catchUp(JSON.parse(JSON.stringify(b.stateTransfer())), b.id, 7);
    expect(events.map((event) => event.type)).toEqual(["catch-up", "receive", "buffer"]);
    // Held, not yet delivered: it still waits for c's write, as it did at b.
    expect(wiped.heldCount(a.id)).toBe(2);
    expect(wiped.delivered[a.id]).toBe(1);
    wiped.catchUp(c.stateTransfer(), c.id, 8);
    expect(wiped.delivered[a.id]).toBe(2);
    expect(wiped.bufferedWrites()).toEqual([]);
    expect(wiped.siblings("x").map((sibling) => sibling.value)).toEqual(["2"]);
    expect(writeSeq(wiped.write("y", "3", 9).message)).toBe(3);
  });

  it("refuses a malformed transfer, or one from itself or a stranger, changing nothing", () => {
    const [a, b] = freshReplicas();
    a.write("x", "1", 1);
    const before = JSON.stringify(b.snapshot());
    const good = a.stateTransfer();
    expect(thrownCode(() => b.catchUp(good, b.id, 2))).toBe("unknown-replica");
    expect(thrownCode(() => b.catchUp(good, "stranger", 2))).toBe("unknown-replica");
    const badClock = { ...good, clock: { node1: -1 } };
    expect(thrownCode(() => b.catchUp(badClock, a.id, 2))).toBe("invalid-clock");
    const strangerValue = {
      ...good,
      store: { x: [{ value: "v", clock: { node9: 1 }, origin: "node9" }] },
    };
    expect(thrownCode(() => b.catchUp(strangerValue, a.id, 2))).toBe("unknown-replica");
    const badCount = { ...good, applied: { node1: { prefix: 1.5, beyond: [] } } };
    expect(thrownCode(() => b.catchUp(badCount, a.id, 2))).toBe("invalid-clock");
    const strangerBuffered = {
      ...good,
      buffered: [{ origin: "node9", clock: { node9: 1 }, key: "x", value: "v" }],
    };
    expect(thrownCode(() => b.catchUp(strangerBuffered, a.id, 2))).toBe("unknown-replica");
    expect(JSON.stringify(b.snapshot())).toBe(before);
  });
});
