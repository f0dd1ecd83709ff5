import { causalChain, naiveRunNotice } from "@causal-kv/scenarios";
import { freshLab } from "./labPage";
import { expect, test } from "./labTest";

test("with the naive switch on, Causal chain runs naive and its verdict names the broken order; off, it holds again", async ({
  page,
  lab,
}) => {
  await freshLab(page, lab);
  const scenarios = page.getByRole("region", { name: "Scenarios" });
  const naiveSwitch = page.getByRole("switch", { name: "Naive delivery" });
  const run = page.locator(".scenario-run");
  const verdict = page.getByRole("list", { name: "Verdict" });
  await expect(scenarios).not.toContainText("Naive delivery is on");

  await naiveSwitch.click();
  await expect(naiveSwitch).toBeChecked();
  await expect(scenarios).toContainText(
    "Naive delivery is on: scenarios run without the causal buffer.",
  );
  await page.getByRole("button", { name: causalChain.title, exact: true }).click();
  await expect(run.getByRole("heading")).toContainText("naive delivery");
  await expect(run.locator(".phase")).toHaveText("did not hold", { timeout: 45_000 });
  await expect(run.locator(".narration")).toContainText(naiveRunNotice);
  await expect(run.locator(".narration")).toContainText("is applied at once, before x");
  await expect(verdict.locator("li.bad").first()).toHaveText(
    "✘ node3 applied y=2 before x=1: causal order broken",
  );
  await expect(verdict.locator("li.ok")).toHaveText([
    "✔ no write lost: all 2 writes reached all 3 replicas",
    "✔ converged: every replica ended with the same store",
  ]);
  // The live checker saw the same violation, and the replicas are still naive after the run.
  const live = page.getByRole("region", { name: "Live verdict" });
  await expect(live.locator('[data-verdict="causality"]')).toContainText("Causality violated");
  await expect(naiveSwitch).toBeChecked();
  for (const id of Object.keys(lab.replicas))
    expect((await lab.client(id).status()).mode).toBe("naive");

  await naiveSwitch.click();
  await expect(naiveSwitch).not.toBeChecked();
  await expect(scenarios).not.toContainText("Naive delivery is on");
  await page.getByRole("button", { name: causalChain.title, exact: true }).click();
  await expect(run.locator(".phase")).toHaveText("done", { timeout: 45_000 });
  await expect(run.getByRole("heading")).not.toContainText("naive delivery");
  await expect(run.locator(".narration")).not.toContainText(naiveRunNotice);
  await expect(verdict.locator("li.bad")).toHaveCount(0);
  await expect(verdict.locator("li.ok").first()).toContainText("causal order kept");
  await expect(live.locator('[data-verdict="causality"]')).toContainText("Causality held");
});
