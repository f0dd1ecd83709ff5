/** Polls until a condition holds, or fails with a sentence saying what never happened. */
export class ScenarioTimeout extends Error {
  override readonly name = "ScenarioTimeout";
}

/** How a wait polls, when it gives up, and what stops or pauses it. */
export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  signal?: AbortSignal;
  /** While this says so (a paused run, its links frozen), the time limit does not run. */
  paused?: () => boolean;
}

export async function waitUntil(
  what: string,
  condition: () => Promise<boolean>,
  options: WaitOptions = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  let deadline = Date.now() + timeoutMs;
  for (;;) {
    options.signal?.throwIfAborted();
    const before = Date.now();
    if (await condition().catch(() => false)) return;
    if (Date.now() > deadline)
      throw new ScenarioTimeout(`${what} did not happen within ${duration(timeoutMs)}`);
    const interval = options.intervalMs ?? 50;
    await new Promise((resolve) => setTimeout(resolve, interval));
    if (options.paused?.()) deadline += Date.now() - before;
  }
}

/** Rounding a short limit to whole seconds would say "within 0 s". */
function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
