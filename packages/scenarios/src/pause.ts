/**
 * A run's pause when no teacher sets the pace: a plain timer. Aborting the run while it sleeps
 * ends it at once with the abort's reason, so a stopped run never sleeps out its pause.
 */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
