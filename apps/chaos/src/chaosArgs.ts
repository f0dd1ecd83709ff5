/** Reads the chaos command's flags; returns an error sentence instead of throwing. */

export interface ChaosArgs {
  readonly seconds: number;
  readonly seed: number;
  /** Client writes per second, over all replicas together. */
  readonly rate: number;
  readonly replicas: number;
  readonly keepData: boolean;
  /** Each replica in its own network namespace, partitions and losses made by the kernel. */
  readonly hosts: boolean;
}

export const chaosUsage =
  "usage: npm run chaos -- [--seconds N] [--seed S] [--rate R] [--replicas N] [--keep-data] [--hosts]";

/** Seeds fit the replicas' FAULT_SEED (at most nine digits). */
export const maxSeed = 999_999_999;

const limits = {
  "--seconds": { min: 5, max: 3600, what: "a whole number of seconds between 5 and 3600" },
  "--seed": { min: 1, max: maxSeed, what: `a whole number between 1 and ${maxSeed}` },
  "--rate": { min: 1, max: 500, what: "a whole number of writes per second between 1 and 500" },
  "--replicas": { min: 2, max: 9, what: "a whole number between 2 and 9" },
} as const;

type NumberFlag = keyof typeof limits;

const switchFlags = { "--keep-data": "keepData", "--hosts": "hosts" } as const;

function isNumberFlag(flag: string): flag is NumberFlag {
  return flag in limits;
}

/** `randomSeed` is used only when no `--seed` is given, so a run can always be replayed. */
export function parseChaosArgs(
  argv: readonly string[],
  randomSeed: () => number,
): ChaosArgs | { error: string } {
  const numbers: Partial<Record<NumberFlag, number>> = {};
  const switches = { keepData: false, hosts: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? "";
    if (flag in switchFlags) {
      switches[switchFlags[flag as keyof typeof switchFlags]] = true;
      continue;
    }
    if (!isNumberFlag(flag)) return { error: `unknown argument ${flag}` };
    const text = argv[++i];
    const { min, max, what } = limits[flag];
    const n = text !== undefined && /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!(n >= min && n <= max)) return { error: `${flag} needs ${what}` };
    numbers[flag] = n;
  }
  return {
    seconds: numbers["--seconds"] ?? 60,
    seed: numbers["--seed"] ?? 1 + Math.floor(randomSeed() * maxSeed),
    rate: numbers["--rate"] ?? 30,
    replicas: numbers["--replicas"] ?? 3,
    ...switches,
  };
}
