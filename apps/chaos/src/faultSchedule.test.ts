import { seededRandom } from "@causal-kv/core";
import { describe, expect, it } from "vitest";
import { describeFaults, drawFaultSchedule, type FaultSchedule } from "./faultSchedule.js";

const members = ["node1", "node2", "node3"];
const draw = (seed: number, durationMs = 60_000) =>
  drawFaultSchedule(seededRandom(seed), members, durationMs);
/** With the faults of bounded storage too, from their own stream. */
const drawAll = (seed: number, durationMs = 60_000) =>
  drawFaultSchedule(seededRandom(seed), members, durationMs, seededRandom(seed ^ 0x5704e));

/** Replays the actions and returns what is still in force at the end, and every overlap found. */
function replay(schedule: FaultSchedule) {
  const down = new Set<string>();
  const links = new Map<string, Record<string, unknown>>();
  const problems: string[] = [];
  let mostDown = 0;
  for (const action of schedule.actions) {
    if (action.kind === "kill" || action.kind === "wipe") {
      if (down.has(action.replica)) problems.push(`${action.replica} killed twice`);
      down.add(action.replica);
      mostDown = Math.max(mostDown, down.size);
    } else if (action.kind === "restart") {
      if (!down.delete(action.replica)) problems.push(`${action.replica} restarted while up`);
    } else if (action.kind === "link") {
      const name = `${action.from}->${action.to}`;
      links.set(name, { ...links.get(name), ...action.update });
    }
  }
  const inForce = [...links].filter(([, link]) =>
    Object.values(link).some((value) => value !== 0 && value !== false),
  );
  return { down, inForce, problems, mostDown };
}

describe("drawFaultSchedule", () => {
  it("draws the same schedule from the same seed, and another from another seed", () => {
    expect(draw(42)).toEqual(draw(42));
    expect(JSON.stringify(draw(42))).not.toBe(JSON.stringify(draw(43)));
  });

  it("uses every kind of fault in a minute, all within the run and in time order", () => {
    for (let seed = 1; seed <= 50; seed++) {
      const schedule = draw(seed);
      expect(new Set(schedule.faults.map((fault) => fault.kind))).toEqual(
        new Set(["crash", "partition", "delay", "loss", "hold"]),
      );
      const times = schedule.actions.map((action) => action.atMs);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(Math.min(...times)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...times)).toBeLessThanOrEqual(60_000);
    }
  });

  it("undoes every fault by the end: all replicas up, all links healthy", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const { down, inForce, problems } = replay(draw(seed, 20_000));
      expect(problems, `seed ${seed}`).toEqual([]);
      expect([...down], `seed ${seed}`).toEqual([]);
      expect(inForce, `seed ${seed}`).toEqual([]);
    }
  });

  it("never has every replica down at once", () => {
    for (let seed = 1; seed <= 200; seed++) {
      expect(replay(draw(seed)).mostDown, `seed ${seed}`).toBeLessThan(members.length);
    }
    const pair = drawFaultSchedule(seededRandom(5), ["a", "b"], 60_000);
    expect(replay(pair).mostDown).toBeLessThanOrEqual(1);
  });

  it("settles held messages by hand, then lifts the hold, at the same moment", () => {
    const schedule = draw(9);
    const holds = schedule.faults.filter((fault) => fault.kind === "hold");
    expect(holds.length).toBeGreaterThan(0);
    for (const hold of holds) {
      if (hold.kind !== "hold") continue;
      const atEnd = schedule.actions.filter(
        (action) =>
          action.atMs === hold.endMs &&
          (action.kind === "link" || action.kind === "settle-held") &&
          action.from === hold.from &&
          action.to === hold.to,
      );
      const lift = atEnd.findIndex(
        (action) => action.kind === "link" && action.update.hold === false,
      );
      const settle = atEnd.findIndex((action) => action.kind === "settle-held");
      expect(settle).toBeGreaterThanOrEqual(0);
      expect(lift).toBeGreaterThan(settle);
    }
  });

  it("adds wipes, large values and silent viewers without moving the other faults of a seed", () => {
    for (let seed = 1; seed <= 100; seed++) {
      const all = drawAll(seed);
      const old = draw(seed);
      // Storage faults only join; a link fault or crash of the seed is never displaced.
      const kept = all.faults.filter((fault) =>
        old.faults.some((o) => o === fault || JSON.stringify(o) === JSON.stringify(fault)),
      );
      expect(kept.length, `seed ${seed}`).toBe(old.faults.length);
      const { down, problems, mostDown } = replay(all);
      expect(problems, `seed ${seed}`).toEqual([]);
      expect([...down], `seed ${seed}`).toEqual([]);
      expect(mostDown, `seed ${seed}`).toBeLessThan(members.length);
      const wipes = all.faults.filter((fault) => fault.kind === "wipe");
      expect(wipes.length, `seed ${seed}`).toBeGreaterThan(0);
      expect(
        all.faults.some((fault) => fault.kind === "large-values"),
        `seed ${seed}`,
      ).toBe(true);
      expect(
        all.faults.some((fault) => fault.kind === "silent-viewer"),
        `seed ${seed}`,
      ).toBe(true);
      // A viewer that never reads is closed again before the end.
      const viewers = all.actions.filter((action) => action.kind === "silent-viewer");
      expect(viewers.filter((action) => action.kind === "silent-viewer" && action.on).length).toBe(
        viewers.length / 2,
      );
    }
    expect(describeFaults(drawAll(2).faults)).toMatch(
      /\d+ disk wipes, \d+ spells of 1 MiB values, \d+ viewers that never read/,
    );
  });

  it("refuses a cluster of one and counts faults by kind", () => {
    expect(() => drawFaultSchedule(seededRandom(1), ["node1"], 10_000)).toThrow(/two replicas/);
    const schedule = draw(3);
    const crashes = schedule.faults.filter((fault) => fault.kind === "crash").length;
    expect(describeFaults(schedule.faults)).toContain(`${crashes} kill -9 + restart`);
  });
});
