/** Polls until a condition holds, or fails with a sentence saying what never happened. */
export class ScenarioTimeout extends Error {
  override readonly name = "ScenarioTimeout";
}

export async function waitUntil(
  what: string,
  condition: () => Promise<boolean>,
  options: { timeoutMs?: number; intervalMs?: number; signal?: AbortSignal } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    options.signal?.throwIfAborted();
    if (await condition().catch(() => false)) return;
    if (Date.now() > deadline)
      throw new ScenarioTimeout(
        `${what} did not happen within ${Math.round((options.timeoutMs ?? 20_000) / 1000)} s`,
      );
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}
