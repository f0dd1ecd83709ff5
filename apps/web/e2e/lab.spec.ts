import { scenarios } from "@causal-kv/scenarios";
import { expect, test } from "./labTest";

test.beforeEach(async ({ page, lab }) => {
  await page.goto(lab.url);
  for (const id of Object.keys(lab.replicas)) {
    await expect(
      page.getByRole("region", { name: `Replica ${id}` }).getByText("up", { exact: true }),
    ).toBeVisible();
  }
});

test("shows a lane, a clock and a store for every replica", async ({ page, lab }) => {
  const diagram = page.getByRole("img", { name: "Space-time diagram" });
  await expect(diagram).toBeVisible();
  for (const id of Object.keys(lab.replicas)) {
    await expect(diagram.locator(".lane-label", { hasText: id })).toBeVisible();
    await expect(page.getByRole("table", { name: `${id} vector clock` })).toBeVisible();
  }
});

for (const scenario of scenarios) {
  test.describe(scenario.title, () => {
    // While a crashed replica is down, the browser's requests to it are refused, as they should be;
    // a client's read of a key with no value yet is a 404, which Chromium logs as a failed resource.
    test.use({
      allowRefusedConnections: scenario.steps.some(
        (step) => step.kind === "crash" || step.kind === "client-get",
      ),
    });

    test(`scenario "${scenario.title}" runs and reaches its verdict`, async ({ page }) => {
      await page.getByRole("button", { name: scenario.title, exact: true }).click();
      const verdict = page.getByRole("list", { name: "Verdict" });
      await expect(verdict).toBeVisible({ timeout: 45_000 });
      await expect(page.locator(".scenario-run .phase")).toHaveText("done");
      await expect(verdict.locator("li.bad")).toHaveCount(0);
      await expect(verdict.locator("li.ok").first()).toBeVisible();
      await expect(page.locator(".narration li")).not.toHaveCount(0);
      // The end state in logical time, to look at (SCREENSHOT_DIR=… npx playwright test lab).
      if (process.env.SCREENSHOT_DIR)
        await page.screenshot({
          path: `${process.env.SCREENSHOT_DIR}/scenario-${scenario.id}.png`,
        });
    });
  });
}

test("a write made through the API appears live in the diagram and every store", async ({
  page,
  lab,
}) => {
  const key = `live${Date.now() % 100000}`;
  await lab.client("node2").put(key, "hello");
  await expect(page.locator('[data-type="write"][data-mark^="node2#"]').last()).toBeAttached();
  for (const id of Object.keys(lab.replicas)) {
    await expect(
      page.getByRole("list", { name: `${id} store` }).locator(`li[data-key="${key}"]`),
    ).toContainText("hello");
  }
});

test("a delay set in the UI holds node1's writes back from node3 only", async ({ page, lab }) => {
  // Long enough to outlast the page showing node2's copy on a machine busy with other suites (it
  // once took 2 s there, and node3's copy arrived meanwhile).
  const delayMs = 5000;
  const delay = page.getByRole("spinbutton", { name: "delay node1 → node3" });
  await delay.fill(String(delayMs));
  await delay.press("Enter");
  await expect
    .poll(async () => (await lab.client("node1").status()).links.node3?.delayMs)
    .toBe(delayMs);
  const key = `slow${Date.now() % 100000}`;
  const form = page.getByRole("form", { name: "Write form" });
  await form.getByLabel("Replica").selectOption("node1");
  await form.getByLabel("Key").fill(key);
  await form.getByLabel("Value").fill("late");
  await form.getByRole("button", { name: "Put" }).click();
  await expect(form.locator("output")).toContainText(`node1 wrote ${key}=late`);
  expect(await lab.client("node3").get(key)).toBeUndefined();
  await expect(
    page.getByRole("list", { name: "node2 store" }).locator(`li[data-key="${key}"]`),
  ).toBeVisible();
  // node2 already has it; node3 must still be waiting on the slow link.
  await expect(
    page.getByRole("list", { name: "node3 store" }).locator(`li[data-key="${key}"]`),
  ).toHaveCount(0);
  await expect(
    page.getByRole("list", { name: "node3 store" }).locator(`li[data-key="${key}"]`),
  ).toBeVisible({ timeout: delayMs + 10_000 });
  await delay.fill("0");
  await delay.press("Enter");
  await expect.poll(async () => (await lab.client("node1").status()).links.node3?.delayMs).toBe(0);
});

test.describe("when a replica dies", () => {
  test.use({ allowRefusedConnections: true });

  test("it shows as down, then recovers and catches up", async ({ page, lab }) => {
    await lab
      .client("node2")
      .crash()
      .catch(() => undefined);
    await expect(page.getByRole("alert").filter({ hasText: "node2 is unreachable" })).toBeVisible();
    await expect(
      page.getByRole("region", { name: "Replica node2" }).getByText("unreachable"),
    ).toBeVisible();
    const key = `during${Date.now() % 100000}`;
    await lab.client("node1").put(key, "missed");
    await expect(page.getByRole("status")).toContainText("node2 is back", { timeout: 20_000 });
    await expect(
      page.getByRole("list", { name: "node2 store" }).locator(`li[data-key="${key}"]`),
    ).toContainText("missed");
  });
});
