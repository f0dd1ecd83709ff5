/**
 * `npm run chaos -- --seconds 60 [--seed S] [--rate R] [--replicas N] [--keep-data]`: one soak on
 * real replica processes; exit 0 when it ends `acked N, lost 0, violations 0`, 1 when anything
 * broke, 2 for bad flags.
 */
import { chaosUsage, parseChaosArgs } from "./chaosArgs.js";
import { chaosReport } from "./chaosReport.js";
import { passed, runChaos } from "./runChaos.js";

export async function runChaosCommand(
  argv: readonly string[],
  print: (line: string) => void,
): Promise<number> {
  const args = parseChaosArgs(argv, Math.random);
  if ("error" in args) {
    print(`chaos: ${args.error}`);
    print(chaosUsage);
    return 2;
  }
  print(`chaos: running seed ${args.seed} for ${args.seconds} s…`);
  const result = await runChaos(args);
  for (const line of chaosReport(result)) print(line);
  return passed(result.verdict) ? 0 : 1;
}
