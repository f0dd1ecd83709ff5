export interface PlannedTask {
  /** The package's name, as turbo prefixes its log lines. */
  readonly name: string;
  /** `name#build`. */
  readonly id: string;
  /** Turbo holds this task's output already: it will be replayed, not built. */
  readonly cached: boolean;
  /** Task ids that must finish before this one starts. */
  readonly dependsOn: readonly string[];
}

export function plannedTasks(dryRunJson: string): PlannedTask[];
export function finishedPackage(line: string): string | undefined;
export function progressLine(
  tasks: readonly PlannedTask[],
  done: ReadonlySet<string>,
  elapsedMs: number,
  frame?: number,
): string;
export function buildWithProgress(
  root: string,
  env: NodeJS.ProcessEnv,
  out?: NodeJS.WritableStream & { isTTY?: boolean },
): Promise<void>;
