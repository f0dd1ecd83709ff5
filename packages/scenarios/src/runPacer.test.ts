import { describe, expect, test } from "vitest";
import { RunPacer } from "./runPacer.js";

const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether the promise has settled, without waiting for it. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await tick(5);
  return done;
}

describe("RunPacer", () => {
  test("runs straight through when never paused", async () => {
    const pacer = new RunPacer();
    await pacer.beforeStep();
    await pacer.beforeStep();
    expect(pacer.frozen).toBe(false);
  });

  test("paused, no step begins; Next lets exactly one through, then it stands still again", async () => {
    const pacer = new RunPacer();
    pacer.pause();
    expect(pacer.frozen).toBe(true);
    const first = pacer.beforeStep();
    expect(await settled(first)).toBe(false);
    pacer.next();
    await first;
    // Inside the step Next let through, the run moves (links thawed, waits timing out again).
    expect(pacer.frozen).toBe(false);
    const second = pacer.beforeStep();
    expect(await settled(second)).toBe(false);
    expect(pacer.frozen).toBe(true);
    pacer.resume();
    await second;
    expect(pacer.frozen).toBe(false);
  });

  test("a scripted delay stops counting while paused and stretches at a lower speed", async () => {
    const pacer = new RunPacer();
    pacer.setSpeed(0.5);
    expect(pacer.scale(100)).toBe(200);
    const started = Date.now();
    const sleeping = pacer.sleep(60);
    await tick(30);
    pacer.pause();
    await tick(150);
    expect(await settled(sleeping)).toBe(false);
    pacer.resume();
    await sleeping;
    // 120 ms at half speed, plus the 150 ms it stood still.
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  test("a question's wait ends at the next Next, not an earlier one", async () => {
    const pacer = new RunPacer();
    pacer.next();
    const waiting = pacer.awaitNext();
    expect(await settled(waiting)).toBe(false);
    pacer.next();
    await waiting;
  });

  test("the Next that closes a question while paused is not also a step", async () => {
    const pacer = new RunPacer();
    pacer.pause();
    const waiting = pacer.awaitNext();
    pacer.next();
    await waiting;
    expect(await settled(pacer.beforeStep())).toBe(false);
  });

  test("an abort ends every wait with its reason", async () => {
    const pacer = new RunPacer();
    pacer.pause();
    const controller = new AbortController();
    const waiting = pacer.beforeStep(controller.signal);
    controller.abort(new Error("stopped"));
    await expect(waiting).rejects.toThrow("stopped");
  });

  test("tells its owner of every change", () => {
    let changes = 0;
    const pacer = new RunPacer(() => changes++);
    pacer.pause();
    pacer.pause();
    pacer.setSpeed(0.25);
    pacer.next();
    pacer.resume();
    expect(changes).toBe(4);
  });
});
