import { describe, expect, it } from "vitest";
import { CliError } from "./cliError.js";
import { countOption, millisecondsOption, rateOption } from "./numberOption.js";

function refusal(parse: () => unknown): CliError {
  try {
    parse();
  } catch (error) {
    if (error instanceof CliError) return error;
  }
  throw new Error("expected a CliError");
}

describe("numbers on the command line", () => {
  it("takes milliseconds from 0 to 600000", () => {
    expect(millisecondsOption("--delay", "0")).toBe(0);
    expect(millisecondsOption("--delay", "250.5")).toBe(250.5);
    expect(millisecondsOption("--delay", "600000")).toBe(600_000);
    for (const bad of ["", "-1", "600001", "1e3", "0x10", "5ms", "Infinity", " 5"]) {
      expect(refusal(() => millisecondsOption("--delay", bad))).toMatchObject({
        code: "usage",
        exitCode: 2,
      });
    }
  });

  it("takes a rate as a fraction or a percentage", () => {
    expect(rateOption("--drop", "0.25")).toBe(0.25);
    expect(rateOption("--drop", "25%")).toBe(0.25);
    expect(rateOption("--drop", "1")).toBe(1);
    for (const bad of ["1.01", "101%", "%", "-0.1", "half"]) {
      expect(refusal(() => rateOption("--drop", bad)).message).toBe(
        `--drop must be a rate from 0 to 1 (or 0% to 100%), not ${JSON.stringify(bad)}`,
      );
    }
  });

  it("takes counts of at least 1", () => {
    expect(countOption("--count", "3")).toBe(3);
    for (const bad of ["0", "-2", "1.5", "", "1000000000"]) {
      expect(refusal(() => countOption("--count", bad)).exitCode).toBe(2);
    }
  });
});
