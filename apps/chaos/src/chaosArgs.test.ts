import { describe, expect, it } from "vitest";
import { maxSeed, parseChaosArgs } from "./chaosArgs.js";
import { runChaosCommand } from "./cli.js";

const noRandom = () => 0.5;

describe("parseChaosArgs", () => {
  it("has defaults, and a seed drawn only when none is given", () => {
    expect(parseChaosArgs([], () => 0)).toEqual({
      seconds: 60,
      seed: 1,
      rate: 30,
      replicas: 3,
      keepData: false,
      hosts: false,
    });
    expect(parseChaosArgs([], () => 0.999999999)).toMatchObject({ seed: maxSeed });
  });

  it("reads every flag", () => {
    expect(
      parseChaosArgs(
        [
          "--seconds",
          "20",
          "--seed",
          "17",
          "--rate",
          "50",
          "--replicas",
          "5",
          "--keep-data",
          "--hosts",
        ],
        noRandom,
      ),
    ).toEqual({ seconds: 20, seed: 17, rate: 50, replicas: 5, keepData: true, hosts: true });
  });

  it.each([
    [["--seconds"], "--seconds needs a whole number of seconds between 5 and 3600"],
    [["--seconds", "2"], "--seconds needs a whole number of seconds between 5 and 3600"],
    [["--seconds", "1.5"], "--seconds needs a whole number of seconds between 5 and 3600"],
    [["--seed", "0"], `--seed needs a whole number between 1 and ${maxSeed}`],
    [["--seed", "1000000000"], `--seed needs a whole number between 1 and ${maxSeed}`],
    [["--rate", "-3"], "--rate needs a whole number of writes per second between 1 and 500"],
    [["--replicas", "1"], "--replicas needs a whole number between 2 and 9"],
    [["--replicas", "x"], "--replicas needs a whole number between 2 and 9"],
    [["--verbose"], "unknown argument --verbose"],
    [["60"], "unknown argument 60"],
  ])("rejects %j", (argv, error) => {
    expect(parseChaosArgs(argv, noRandom)).toEqual({ error });
  });
});

describe("runChaosCommand", () => {
  it("prints the problem and the usage for bad flags, exits 2 and starts nothing", async () => {
    const lines: string[] = [];
    expect(await runChaosCommand(["--seconds", "soon"], (line) => lines.push(line))).toBe(2);
    expect(lines).toEqual([
      "chaos: --seconds needs a whole number of seconds between 5 and 3600",
      "usage: npm run chaos -- [--seconds N] [--seed S] [--rate R] [--replicas N] [--keep-data] [--hosts]",
    ]);
  });
});
