/**
 * Without root, `--hosts` creates nothing: it names what is missing and exits 3. The user is the
 * one thing faked here (the tests run as root where `--hosts` can run at all).
 */
import { describe, expect, it } from "vitest";
import { runChaosCommand } from "./cli.js";
import { findHostTools } from "./hostTools.js";

const notRoot = 1000;

describe("chaos --hosts without root", () => {
  it("names root privileges as missing", () => {
    const found = findHostTools(notRoot);
    expect("missing" in found && found.missing).toMatch(
      /^--hosts cannot run here: it needs root privileges \(network namespaces and nft rules need them\)/,
    );
  });

  it("prints what is missing, exits 3 and starts nothing", async () => {
    const lines: string[] = [];
    const code = await runChaosCommand(
      ["--hosts", "--seconds", "5"],
      (line) => lines.push(line),
      () => findHostTools(notRoot),
    );
    expect(code).toBe(3);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^chaos: --hosts cannot run here: it needs root privileges/);
  });
});
