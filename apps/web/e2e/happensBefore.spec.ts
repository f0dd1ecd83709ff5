import { concurrentWrites } from "@causal-kv/scenarios";
import { freshLab } from "./labPage";
import { expect, test } from "./labTest";

test("selecting events lights up their causal cone and compares two of them", async ({
  page,
  lab,
}) => {
  await freshLab(page, lab);
  await page.getByRole("button", { name: concurrentWrites.title, exact: true }).click();
  await expect(page.locator(".scenario-run .phase")).toHaveText("done", { timeout: 45_000 });

  const events = page.getByRole("listbox", { name: "Events" });
  const row = (text: string) => events.getByRole("option").filter({ hasText: text });
  await row("node1 wrote x=red").click();
  await expect(page.getByRole("region", { name: "Selected event" })).toContainText(
    "A: node1 wrote x=red",
  );
  // Green was written after node3 saw both: it is in red's causal future; blue is concurrent.
  await expect(row("node3 wrote x=green")).toContainText("causal future");
  await expect(row("node2 wrote x=blue")).not.toContainText("causal");
  await expect(row("node1 sent x=red")).toContainText("causal future");

  await row("node2 wrote x=blue").click();
  const comparison = page.getByRole("region", { name: "Comparison" });
  await expect(comparison).toContainText(
    "A and B are concurrent: neither happened before the other",
  );
  await expect(comparison.getByRole("table", { name: "Event clocks of A and B" })).toBeVisible();
  await expect(page.locator("[data-chosen]")).toHaveCount(2);

  await comparison.getByRole("button", { name: "Clear selection" }).click();
  await row("node3 wrote x=green").click();
  await row("node1 wrote x=red").click();
  await expect(page.getByRole("region", { name: "Comparison" })).toContainText(
    "B happened before A",
  );
});

test("the event list is navigable by keyboard and lights up the event under its cursor", async ({
  page,
  lab,
}) => {
  await freshLab(page, lab);
  await lab.client("node1").put("k", "v");
  const events = page.getByRole("listbox", { name: "Events" });
  await expect(events.getByRole("option")).toHaveCount(6);
  await events.focus();
  await page.keyboard.press("Home");
  await expect(events.locator('[data-active="true"]')).toContainText("node1 wrote k=v");
  await page.keyboard.press("ArrowDown");
  await expect(events.locator('[data-active="true"]')).toContainText("node1 sent k=v");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("region", { name: "Selected event" })).toContainText(
    "A: node1 sent k=v",
  );
  await expect(events.getByRole("option", { selected: true })).toHaveCount(1);
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("region", { name: "Comparison" })).toContainText(
    "A happened before B",
  );
  await page.keyboard.press("Escape");
  await expect(events.getByRole("option", { selected: true })).toHaveCount(0);
});

test("hovering a mark on the diagram lights up its causal past and future", async ({
  page,
  lab,
}) => {
  await freshLab(page, lab);
  await lab.client("node1").put("h", "1");
  const canvas = page.locator("canvas.diagram-canvas");
  await expect(canvas).toHaveAttribute("data-drawn-events", "6");
  // node1's first event is its write: at the left end of lane 1. Find it by sweeping the lane.
  const box = await page.getByRole("img", { name: "Space-time diagram" }).boundingBox();
  if (!box) throw new Error("no diagram");
  const laneY = box.y + 16 + 30;
  let found = false;
  for (let x = box.x + 78; x < box.x + box.width - 16 && !found; x += 3) {
    await page.mouse.move(x, laneY);
    found = ((await canvas.getAttribute("data-focus")) ?? "").startsWith("node1#");
  }
  expect(found).toBe(true);
  await expect(page.getByRole("tooltip")).toContainText("node1");
  // Any node1 event of this run has the write in its past or the deliveries in its future.
  const past = Number(await canvas.getAttribute("data-cone-past"));
  const future = Number(await canvas.getAttribute("data-cone-future"));
  expect(past + future).toBeGreaterThan(0);
  await page.mouse.move(box.x + 5, box.y + 5);
  await expect(canvas).toHaveAttribute("data-focus", "");
  await expect(page.getByRole("tooltip")).toHaveCount(0);
});
