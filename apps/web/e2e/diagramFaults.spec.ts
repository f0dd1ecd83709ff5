import { freshLab } from "./labPage";
import { expect, test } from "./labTest";

test("cut, held, slowed links are drawn on the diagram in words, without hovering", async ({
  page,
  lab,
}) => {
  await freshLab(page, lab);
  await lab.client("node1").setLink("node2", { partitioned: true });
  await lab.client("node2").setLink("node3", { hold: true });
  await lab.client("node1").setLink("node3", { delayMs: 1500 });
  const fault = (link: string) => page.locator(`[data-link-fault="${link}"]`);
  await expect(fault("node1→node2")).toContainText("cut");
  await expect(fault("node2→node3")).toContainText("held");
  await expect(fault("node1→node3")).toContainText("+1.5 s");
  await expect(page.locator("[data-link-fault]")).toHaveCount(3);
  await lab.client("node2").put("w", "1");
  await expect(page.getByRole("listbox", { name: "Events" }).getByRole("option")).toHaveCount(4);
  if (process.env.SCREENSHOT_DIR)
    await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/link-faults-1280.png` });
  await lab.client("node1").setLink("node2", { partitioned: false });
  await expect(fault("node1→node2")).toHaveCount(0);
  await lab.client("node2").setLink("node3", { hold: false });
  await lab.client("node1").setLink("node3", { delayMs: 0 });
  await expect(page.locator("[data-link-fault]")).toHaveCount(0);
});

test.describe("a crashed replica", () => {
  test.use({ allowRefusedConnections: true });

  test("is greyed on its lane while down, and its restart is marked", async ({ page, lab }) => {
    await freshLab(page, lab);
    await lab.client("node1").put("before", "1");
    await lab
      .client("node2")
      .crash()
      .catch(() => undefined);
    await expect(page.locator('[data-down="node2"]')).toHaveCount(1);
    await expect(page.locator('[data-down="node2"] title')).toContainText("still is");
    await expect(page.getByRole("status")).toContainText("node2 is back", { timeout: 20_000 });
    await expect(page.locator('[data-down="node2"] title')).toContainText("until it restarted");
    await expect(page.locator('[data-restart="node2"]')).toContainText("restart");
    if (process.env.SCREENSHOT_DIR)
      await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/crash-restart-1280.png` });
  });
});
