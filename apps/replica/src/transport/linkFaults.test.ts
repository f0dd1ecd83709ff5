/**
 * The faults of one link on their own, without a peer: hold, drop, delay and jitter each send a
 * message where they say, and every message ends in exactly one place (held, lost or arrived).
 */
import { journaledWrite, type ReplicatedWrite } from "@causal-kv/core";
import { healthyLink, type LinkSettings } from "@causal-kv/protocol";
import fc from "fast-check";
import type { FastifyBaseLogger } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { HeldMessages } from "./heldMessages.js";
import { LinkFaults } from "./linkFaults.js";

const quietLog = { debug() {} } as unknown as FastifyBaseLogger;

interface Run {
  readonly faults: LinkFaults;
  readonly held: HeldMessages;
  readonly arrived: number[][];
  readonly lost: number[];
  readonly source: { epoch: number; settings: LinkSettings };
}

const runs: Run[] = [];
afterEach(() => {
  for (const run of runs.splice(0)) run.faults.cancel();
});

/** A link to node2 with these settings; `random` draws from the list given, in turn. */
function linkWith(settings: Partial<LinkSettings>, draws: number[] = []): Run {
  const source = { epoch: 0, settings: { ...healthyLink, ...settings } };
  const held = new HeldMessages(() => {});
  const arrived: number[][] = [];
  const lost: number[] = [];
  let draw = 0;
  const faults = new LinkFaults(
    "node2",
    {
      get epoch() {
        return source.epoch;
      },
      link: () => source.settings,
    },
    held,
    { random: () => draws[draw++ % draws.length] ?? 0, now: () => 1234, log: quietLog },
    {
      arrive: (messages) => arrived.push(messages.map(seqOf)),
      lose: (message) => lost.push(seqOf(message)),
    },
  );
  const run = { faults, held, arrived, lost, source };
  runs.push(run);
  return run;
}

function writes(...seqs: number[]): ReplicatedWrite[] {
  return seqs.map((seq) => ({ origin: "node1", clock: { node1: seq }, key: "k", value: `${seq}` }));
}

/** How the held list shows write `seq`: its value by digest. */
const listedWrite = (seq: number) => {
  const [write] = writes(seq);
  if (!write) throw new Error("no write");
  return journaledWrite(write);
};
const seqOf = (message: Pick<ReplicatedWrite, "clock">) => message.clock.node1 ?? 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("LinkFaults", () => {
  it("passes messages straight on over a healthy link, together", () => {
    const run = linkWith({});
    run.faults.carry(writes(1, 2, 3));
    expect(run.arrived).toEqual([[1, 2, 3]]);
    expect(run.lost).toEqual([]);
  });

  it("parks a delayed message whose delay ends while the link holds, instead of letting it arrive", async () => {
    const run = linkWith({ delayMs: 60 });
    run.faults.carry(writes(1));
    run.source.settings = { ...run.source.settings, hold: true };
    await sleep(120);
    expect(run.arrived).toEqual([]);
    expect(run.held.list().map((held) => seqOf(held.message))).toEqual([1]);
  });

  it("says whether the link is partitioned, as its settings are now", () => {
    const run = linkWith({});
    expect(run.faults.partitioned).toBe(false);
    run.source.settings = { ...run.source.settings, partitioned: true };
    expect(run.faults.partitioned).toBe(true);
  });

  it("parks messages on a held link in the held list, addressed to the peer", () => {
    const run = linkWith({ hold: true, dropRate: 1 });
    run.faults.carry(writes(1, 2));
    expect(run.held.list()).toEqual([
      { id: "h1", to: "node2", message: listedWrite(1), heldAt: 1234 },
      { id: "h2", to: "node2", message: listedWrite(2), heldAt: 1234 },
    ]);
    expect(run.arrived).toEqual([]);
    expect(run.lost).toEqual([]);
  });

  it("loses each message whose draw falls under the drop rate, and passes the rest", () => {
    const run = linkWith({ dropRate: 0.5 }, [0.1, 0.9, 0.5, 0.49]);
    run.faults.carry(writes(1, 2, 3, 4));
    expect(run.lost).toEqual([1, 4]);
    expect(run.arrived).toEqual([[2, 3]]);
  });

  it("delivers a delayed batch later, in one piece", async () => {
    const run = linkWith({ delayMs: 20 });
    run.faults.carry(writes(1, 2));
    expect(run.arrived).toEqual([]);
    await sleep(60);
    expect(run.arrived).toEqual([[1, 2]]);
  });

  it("gives each message its own delay under jitter, so later ones can overtake", async () => {
    const run = linkWith({ delayMs: 1, jitterMs: 40 }, [0.9, 0.5, 0]);
    run.faults.carry(writes(1, 2, 3));
    await sleep(100);
    expect(run.arrived).toEqual([[3], [2], [1]]);
  });

  it("lets nothing from before a reset arrive, nor anything after cancel", async () => {
    const reset = linkWith({ delayMs: 10 });
    reset.faults.carry(writes(1));
    reset.source.epoch = 1;
    const cancelled = linkWith({ delayMs: 10 });
    cancelled.faults.carry(writes(1));
    cancelled.faults.cancel();
    await sleep(40);
    expect(reset.arrived).toEqual([]);
    expect(cancelled.arrived).toEqual([]);
  });

  it("puts every message in exactly one place: held, lost or arrived", async () => {
    const settings = fc.record({
      hold: fc.boolean(),
      dropRate: fc.double({ min: 0, max: 1, noNaN: true }),
      delayMs: fc.integer({ min: 0, max: 3 }),
      jitterMs: fc.integer({ min: 0, max: 3 }),
    });
    const draws = fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: 1 });
    await fc.assert(
      fc.asyncProperty(settings, draws, fc.integer({ min: 0, max: 12 }), async (link, d, n) => {
        const run = linkWith(link, d);
        const seqs = Array.from({ length: n }, (_, i) => i + 1);
        run.faults.carry(writes(...seqs));
        await sleep(10);
        const held = run.held.list().map((entry) => seqOf(entry.message));
        const ended = [...held, ...run.lost, ...run.arrived.flat()].sort((a, b) => a - b);
        expect(ended).toEqual(seqs);
      }),
      { numRuns: 60 },
    );
  });
});
