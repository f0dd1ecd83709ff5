import { describe, expect, it } from "vitest";
import { runSimulateCommand } from "./cli.js";

function run(...argv: string[]): { code: number; lines: string[] } {
  const lines: string[] = [];
  const code = runSimulateCommand(argv, (line) => lines.push(line));
  return { code, lines };
}

describe("npm run simulate", () => {
  it("ends with the summary line and exit 0 when nothing is violated", () => {
    const { code, lines } = run("--seeds", "20");
    expect(code).toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^20 runs, \d+ events, 0 violations$/);
  });

  it("in naive mode prints each failing seed with how to replay it, then the summary, exit 1", () => {
    const { code, lines } = run("--seeds", "20", "--naive");
    expect(code).toBe(1);
    expect(lines.at(-1)).toMatch(/^20 runs, \d+ events, [1-9]\d* violations$/);
    expect(lines[0]).toMatch(
      /^seed \d+: \d+ violations, first: .+ happened before .+ \(replay: npm run simulate -- --seed \d+ --naive --verbose\)$/,
    );
  });

  it("replays one seed verbosely: the fault plan, every event, the verdict", () => {
    const { code, lines } = run("--seed", "5", "--verbose");
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^seed 5 \(causal delivery\)/);
    expect(lines.some((line) => / node\d #\d+ deliver /.test(line))).toBe(true);
    expect(lines.at(-1)).toMatch(/^1 runs, \d+ events, 0 violations$/);
    expect(run("--seed", "5", "--verbose").lines).toEqual(lines);
  });

  it("with --clients ends 0 violations; with --no-context finds violations and exits 1", () => {
    const withContexts = run("--seeds", "30", "--clients");
    expect(withContexts.code).toBe(0);
    expect(withContexts.lines).toEqual([
      expect.stringMatching(/^30 runs, \d+ events, 0 violations$/),
    ]);
    const without = run("--seeds", "30", "--clients", "--no-context");
    expect(without.code).toBe(1);
    expect(without.lines.at(-1)).toMatch(/^30 runs, \d+ events, [1-9]\d* violations$/);
    expect(without.lines[0]).toMatch(
      /^seed \d+: \d+ violations, first: .+ was broken \(replay: npm run simulate -- --seed \d+ --clients --no-context --verbose\)$/,
    );
  });

  it("replays a run with clients verbosely: their operations, then what the client checker found", () => {
    const { code, lines } = run("--seed", "3", "--clients", "--no-context", "--verbose");
    expect(code).toBe(1);
    expect(lines).toContainEqual(
      expect.stringMatching(/^clients: \d sessions hopping between replicas, without contexts$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^ +1\. client1's (read of|write) /));
    expect(lines).toContainEqual(expect.stringMatching(/^CLIENT VIOLATION [a-z-]+: /));
  });

  it("rejects bad arguments with exit 2", () => {
    expect(run("--seeds", "zero").code).toBe(2);
    expect(run("--what").code).toBe(2);
    expect(run("--replicas", "1").code).toBe(2);
    expect(run("--no-context").code).toBe(2);
  });
});
