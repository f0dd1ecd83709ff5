/**
 * "Share": the lab server listens on every interface, so the page opened at another loopback address
 * shows the machine's network address as text and as a QR code, for students to open.
 */
import { freshLab } from "./labPage";
import { expect, test } from "./labTest";

test("Share shows the lab's network address as text and as a QR code", async ({
  page,
  lab,
}, testInfo) => {
  await freshLab(page, lab);
  const url = new URL(lab.url);
  url.hostname = "127.0.0.2";
  await page.goto(url.origin);
  await page.getByRole("button", { name: "Share" }).click();
  await expect(page.getByRole("button", { name: "Share" })).toHaveAttribute(
    "aria-expanded",
    "true",
  );
  const panel = page.getByRole("region", { name: "Share the lab" });
  const shown = (await panel.locator("output").textContent()) ?? "";
  // An address of this machine on its network, at the lab's port; never a loopback one.
  expect(shown).toMatch(new RegExp(`^http://[^/]+:${url.port}$`));
  expect(new URL(shown).hostname).not.toMatch(/^(127\.|localhost$|\[::1\]$)/);
  const code = panel.getByRole("img", { name: `QR code of ${shown}` });
  await expect(code).toBeVisible();
  const box = await code.boundingBox();
  expect(box?.width).toBeGreaterThanOrEqual(200);
  await page.screenshot({ path: testInfo.outputPath("share-1280x720.png") });
  await page.getByRole("button", { name: "Share" }).click();
  await expect(panel).toHaveCount(0);
});
