/**
 * `npm run simulate -- --seeds 300 [--naive] [--replicas 5] [--clients [--no-context]]` runs seeds
 * 1..300 and ends with `300 runs, N events, M violations` (exit 1 when M > 0); `--seed N --verbose`
 * replays one run. `--clients` adds sessions hopping between replicas, judged by the client checker.
 */
import { formatRun } from "./formatTrace.js";
import { runSeeds, summaryLine } from "./runSeeds.js";
import { parseSimulateArgs } from "./simulateArgs.js";

export function runSimulateCommand(argv: readonly string[], print: (line: string) => void): number {
  const args = parseSimulateArgs(argv);
  if ("error" in args) {
    print(`simulate: ${args.error}`);
    print(
      "usage: npm run simulate -- [--seeds N | --seed N] [--naive] [--replicas N] [--clients [--no-context]] [--verbose]",
    );
    return 2;
  }
  const clients = args.clients ? ` --clients${args.clients.contexts ? "" : " --no-context"}` : "";
  const replay = `${args.mode === "naive" ? " --naive" : ""}${args.replicas === 3 ? "" : ` --replicas ${args.replicas}`}${clients}`;
  const summary = runSeeds(args.seeds, {
    mode: args.mode,
    replicas: args.replicas,
    clients: args.clients,
    onRun: (result) => {
      if (args.verbose) for (const line of formatRun(result)) print(line);
    },
  });
  for (const failed of summary.failed) {
    print(
      `seed ${failed.seed}: ${failed.violations} violations, first: ${failed.firstViolation} (replay: npm run simulate -- --seed ${failed.seed}${replay} --verbose)`,
    );
  }
  print(summaryLine(summary));
  return summary.violations > 0 ? 1 : 0;
}
