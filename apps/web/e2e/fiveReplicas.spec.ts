import { causalChain } from "@causal-kv/scenarios";
import { expect, test } from "@playwright/test";
import { startTestLab, type TestLab } from "./startTestLab";

let lab: TestLab;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  lab = await startTestLab(5);
});

test.afterAll(async () => {
  await lab?.stop();
});

test("a five-replica lab shows five lanes and keeps causal order", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.goto(lab.url);
  const diagram = page.getByRole("img", { name: "Space-time diagram" });
  for (const id of ["node1", "node2", "node3", "node4", "node5"]) {
    await expect(
      page.getByRole("region", { name: `Replica ${id}` }).getByText("up", { exact: true }),
    ).toBeVisible();
    await expect(diagram.locator(".lane-label", { hasText: id })).toBeVisible();
  }
  await page.getByRole("button", { name: causalChain.title, exact: true }).click();
  const verdict = page.getByRole("list", { name: "Verdict" });
  await expect(verdict).toBeVisible({ timeout: 45_000 });
  await expect(verdict.locator("li.bad")).toHaveCount(0);
  await expect(verdict).toContainText("all 2 writes reached all 5 replicas");
  if (process.env.SCREENSHOT_DIR)
    await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/five-replicas-1280.png` });
  // Five lanes and five panels fit one 1280×720 screen, each clock table inside its panel.
  expect(
    await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight),
  ).toBe(true);
  for (const id of ["node1", "node2", "node3", "node4", "node5"]) {
    const panel = page.getByRole("region", { name: `Replica ${id}` });
    await expect(panel).toBeInViewport({ ratio: 1 });
    const [table, box] = await Promise.all([
      panel.getByRole("table", { name: `${id} vector clock` }).boundingBox(),
      panel.boundingBox(),
    ]);
    expect((table?.x ?? 0) + (table?.width ?? 0)).toBeLessThanOrEqual(
      (box?.x ?? 0) + (box?.width ?? 0),
    );
  }
  // 5 replicas, 20 directed links.
  await expect(page.getByRole("spinbutton", { name: /^delay node\d → node\d$/ })).toHaveCount(20);
  expect(errors).toEqual([]);
});
