import { causalChain } from "@causal-kv/scenarios";
import { freshLab } from "./labPage";
import { expect, test } from "./labTest";

/** Where the screenshots of this run go when SCREENSHOT_DIR is set (to look at them). */
const shots = process.env.SCREENSHOT_DIR;

test("the diagram shows logical time by default and switches to real time, keeping the selection", async ({
  page,
  lab,
}) => {
  await freshLab(page, lab);
  await page.getByRole("button", { name: causalChain.title, exact: true }).click();
  await expect(page.locator(".scenario-run .phase")).toHaveText("done", { timeout: 45_000 });

  const axis = page.getByRole("group", { name: "Time axis" });
  await expect(axis.getByRole("button", { name: "Logical" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(page.locator(".axis-caption")).toContainText("happens-before order");
  await expect(page.locator(".axis-tick")).toHaveCount(0);
  if (shots) await page.screenshot({ path: `${shots}/causal-chain-logical-1280.png` });

  const events = page.getByRole("listbox", { name: "Events" });
  await events.getByRole("option").filter({ hasText: "node3 buffered y=2" }).click();
  await expect(page.locator("[data-chosen]")).toHaveCount(1);
  // Why it waits, in clocks: the message's clock beside node3's, the blocking entry marked.
  const why = page.getByRole("region", { name: "Why it waits" });
  await expect(why).toContainText("Why it waits: needs node1 ≥ 1, has 0");
  await expect(why.locator('[data-blocking="node1"]')).toHaveText("0");
  await expect(why).toContainText("message y=2 (as node2 sent it)");
  await expect(why).toContainText("node3 applied, when it arrived");
  await expect(why).toContainText(
    "Rule: A write from node2 is applied when it is node2's next write",
  );
  if (shots) await page.screenshot({ path: `${shots}/why-it-waits-1280.png` });
  const chosen = await page.locator("[data-chosen]").getAttribute("data-chosen");

  await axis.getByRole("button", { name: "Real time" }).click();
  await expect(axis.getByRole("button", { name: "Real time" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(page.locator(`[data-chosen="${chosen}"]`)).toHaveCount(1);
  await expect(page.getByRole("region", { name: "Selected event" })).toContainText(
    "node3 buffered y=2",
  );
  // Round ticks in seconds from the first event, starting at 0.
  const labels = await page.locator(".axis-tick text").allTextContents();
  expect(labels[0]).toBe("0.0 s");
  expect(labels).toContain("1.0 s");
  expect(new Set(labels).size).toBe(labels.length);
  if (shots) await page.screenshot({ path: `${shots}/causal-chain-real-1280.png` });

  await axis.getByRole("button", { name: "Logical" }).click();
  await expect(page.locator(`[data-chosen="${chosen}"]`)).toHaveCount(1);
  if (shots) {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${shots}/causal-chain-logical-1920.png` });
  }
});

test("a wheel zoom in real time keeps the moment under the pointer in place", async ({
  page,
  lab,
}) => {
  await freshLab(page, lab);
  await lab.client("node1").put("z", "1");
  await expect(page.getByRole("listbox", { name: "Events" }).getByRole("option")).toHaveCount(6);
  await page
    .getByRole("group", { name: "Time axis" })
    .getByRole("button", { name: "Real time" })
    .click();
  const svg = page.getByRole("img", { name: "Space-time diagram" });
  const box = await svg.boundingBox();
  if (!box) throw new Error("no diagram");
  // The tick nearest the pointer before and after zooming in about it stays within a pixel or two.
  const tickXs = async () =>
    page.locator(".axis-tick").evaluateAll((ticks) =>
      ticks.map((t) => ({
        label: t.textContent ?? "",
        x: t.getBoundingClientRect().left + t.getBoundingClientRect().width / 2,
      })),
    );
  const before = await tickXs();
  const target = before[Math.floor(before.length / 2)];
  if (!target) throw new Error("no ticks");
  await page.mouse.move(target.x, box.y + box.height / 2);
  await page.mouse.wheel(0, -200);
  await expect(page.getByRole("button", { name: "Follow now" })).toBeEnabled();
  await page.waitForTimeout(200);
  const after = await tickXs();
  const same = after.find((t) => t.label === target.label);
  expect(same, `the ${target.label} tick is still shown`).toBeDefined();
  expect(Math.abs((same?.x ?? 0) - target.x)).toBeLessThan(3);
});
