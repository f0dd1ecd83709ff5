/**
 * The pace of a run, as a teacher sets it: paused, the script stands still before its next step
 * and its scripted delays stop counting; Next lets exactly one step through (and ends a question's
 * wait); the speed scales every scripted delay (¼× makes a 1.5 s delay 6 s). A runner without a
 * pacer runs at full speed, never paused.
 */

export type PaceSpeed = 0.25 | 0.5 | 1;

export class RunPacer {
  private pausedNow = false;
  private speedNow: PaceSpeed = 1;
  /** Steps Next has let through while paused and not yet begun. */
  private granted = 0;
  /** The current step began on a grant: it runs to its end even though the run is paused. */
  private stepGranted = false;
  private nextPressed = 0;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly onChange: () => void = () => {}) {}

  get paused(): boolean {
    return this.pausedNow;
  }

  /**
   * The run stands still: paused, and not inside a step Next let through. Links are frozen and
   * waits do not time out while it is.
   */
  get frozen(): boolean {
    return this.pausedNow && !this.stepGranted;
  }

  get speed(): PaceSpeed {
    return this.speedNow;
  }

  pause(): void {
    if (this.pausedNow) return;
    this.pausedNow = true;
    this.changed();
  }

  resume(): void {
    if (!this.pausedNow) return;
    this.pausedNow = false;
    this.granted = 0;
    this.changed();
  }

  /** One more step while paused; also ends the wait of a question that is asked. */
  next(): void {
    this.nextPressed++;
    if (this.pausedNow) this.granted++;
    this.changed();
  }

  setSpeed(speed: PaceSpeed): void {
    if (speed === this.speedNow) return;
    this.speedNow = speed;
    this.changed();
  }

  /** A scripted duration at the current speed. */
  scale(ms: number): number {
    return Math.round(ms / this.speedNow);
  }

  /** Before each step: waits while paused, unless Next let one through. */
  async beforeStep(signal?: AbortSignal): Promise<void> {
    if (this.stepGranted) {
      // The step Next let through is over: the run stands still again.
      this.stepGranted = false;
      this.changed();
    }
    await this.until(() => !this.pausedNow || this.granted > 0, signal);
    if (this.pausedNow) {
      this.granted--;
      this.stepGranted = true;
      this.changed();
    }
  }

  /** Waits for the teacher's Next, pressed after this call. */
  async awaitNext(signal?: AbortSignal): Promise<void> {
    const pressed = this.nextPressed;
    await this.until(() => this.nextPressed > pressed, signal);
    // The Next that ended the wait is not also a step let through.
    if (this.pausedNow && this.granted > 0) this.granted--;
  }

  /** A scripted delay of `ms` at full speed: scaled, and not counting while paused. */
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    let left = this.scale(ms);
    while (left > 0) {
      await this.until(() => !this.pausedNow || this.stepGranted, signal);
      const started = Date.now();
      const speed = this.speedNow;
      // Woken early by any change (a pause, a new speed), then it counts what has passed.
      await this.until(() => false, signal, left);
      const elapsed = Date.now() - started;
      // What is left is rescaled if the speed changed meanwhile.
      left = ((left - elapsed) * speed) / this.speedNow;
    }
  }

  private changed(): void {
    for (const wake of [...this.waiters]) wake();
    this.onChange();
  }

  /** Resolves once `ready()` holds (checked at every change), or after `timeoutMs`. */
  private until(ready: () => boolean, signal?: AbortSignal, timeoutMs?: number): Promise<void> {
    signal?.throwIfAborted();
    if (ready()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (error?: unknown) => {
        this.waiters.delete(check);
        clearTimeout(timer);
        signal?.removeEventListener("abort", aborted);
        if (error === undefined) resolve();
        else reject(error);
      };
      const check = () => {
        if (timeoutMs !== undefined || ready()) finish();
      };
      const aborted = () => finish(signal?.reason);
      this.waiters.add(check);
      signal?.addEventListener("abort", aborted, { once: true });
      if (timeoutMs !== undefined) timer = setTimeout(() => finish(), timeoutMs);
    });
  }
}
