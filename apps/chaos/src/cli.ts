/**
 * `npm run chaos -- --seconds 60 [--seed S] [--rate R] [--replicas N] [--keep-data] [--hosts]`: one
 * soak on real replica processes; exit 0 when it ends `acked N, lost 0, violations 0`, 1 when
 * anything broke, 2 for bad flags, 3 when --hosts cannot run on this machine (it says why).
 */
import { chaosUsage, parseChaosArgs } from "./chaosArgs.js";
import { chaosReport } from "./chaosReport.js";
import { findHostTools } from "./hostTools.js";
import { passed, runChaos } from "./runChaos.js";

export async function runChaosCommand(
  argv: readonly string[],
  print: (line: string) => void,
  hostTools: () => ReturnType<typeof findHostTools> = findHostTools,
): Promise<number> {
  const args = parseChaosArgs(argv, Math.random);
  if ("error" in args) {
    print(`chaos: ${args.error}`);
    print(chaosUsage);
    return 2;
  }
  const tools = args.hosts ? hostTools() : undefined;
  if (tools && "missing" in tools) {
    print(`chaos: ${tools.missing}`);
    return 3;
  }
  print(`chaos: running seed ${args.seed} for ${args.seconds} s…`);
  const result = await runChaos(args);
  for (const line of chaosReport(result)) print(line);
  return passed(result.verdict) ? 0 : 1;
}
