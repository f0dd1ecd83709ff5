// waitUntil polls a condition; it ends when the condition holds, fails with a sentence, or stops.
import { describe, expect, test } from "vitest";
import { ScenarioTimeout, waitUntil } from "./waitUntil.js";

describe("waitUntil", () => {
  test("returns once the condition holds, having asked until then", async () => {
    let asked = 0;
    await waitUntil("the third poll", async () => ++asked === 3, { intervalMs: 1 });
    expect(asked).toBe(3);
  });

  test("a condition that throws counts as not yet", async () => {
    let asked = 0;
    await waitUntil(
      "a replica that answers on the second try",
      async () => {
        asked += 1;
        if (asked === 1) throw new Error("connection refused");
        return true;
      },
      { intervalMs: 1 },
    );
    expect(asked).toBe(2);
  });

  test("fails with a ScenarioTimeout saying what never happened", async () => {
    const failure = await waitUntil("node3 coming back", async () => false, {
      timeoutMs: 30,
      intervalMs: 5,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ScenarioTimeout);
    expect(failure).toMatchObject({
      name: "ScenarioTimeout",
      message: "node3 coming back did not happen within 30 ms",
    });
  });

  test("the time limit stands still while paused", async () => {
    let paused = true;
    let asked = 0;
    const started = Date.now();
    await waitUntil(
      "a frozen link letting go",
      async () => {
        asked += 1;
        // Paused for ten times the limit, then the condition holds at once.
        if (Date.now() - started > 300) paused = false;
        return !paused;
      },
      { timeoutMs: 30, intervalMs: 5, paused: () => paused },
    );
    expect(asked).toBeGreaterThan(10);
  });

  test("an abort stops the wait with the abort's reason", async () => {
    const controller = new AbortController();
    let asked = 0;
    const waiting = waitUntil(
      "forever",
      async () => {
        asked += 1;
        if (asked === 2) controller.abort(new Error("stopped by the learner"));
        return false;
      },
      { signal: controller.signal, intervalMs: 1 },
    );
    await expect(waiting).rejects.toThrow("stopped by the learner");
    expect(asked).toBe(2);
  });
});
