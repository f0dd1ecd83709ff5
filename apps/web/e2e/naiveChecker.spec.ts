import { freshLab, overtake } from "./labPage";
import { expect, test } from "./labTest";

test("naive delivery: the live checker marks the violation on the diagram with a sentence why", async ({
  page,
  lab,
}) => {
  await freshLab(page, lab);
  const verdict = page.getByRole("region", { name: "Live verdict" });
  await expect(verdict.locator('[data-verdict="causality"]')).toContainText("Causality held");

  // The switch shows the replicas' mode as their journals report it, so it turns once they switch.
  await page.getByRole("switch", { name: "Naive delivery" }).click();
  await expect(page.getByRole("switch", { name: "Naive delivery" })).toBeChecked();
  for (const id of Object.keys(lab.replicas))
    await expect(
      page.getByRole("region", { name: `Replica ${id}` }).getByText("naive delivery"),
    ).toBeVisible();
  await overtake(lab);

  const sentence =
    /node3 applied y=2 \(node2:1\) before x=1 \(node1:1\), but x=1 \(node1:1\) happened before y=2/;
  await expect(verdict.locator('[data-verdict="causality"]')).toContainText("Causality violated");
  await expect(verdict.getByRole("list", { name: "Causality violations" })).toContainText(sentence);
  const mark = page.getByRole("img", { name: "Space-time diagram" }).locator(".violation-mark");
  await expect(mark).toHaveCount(1);
  await expect(mark.locator("title")).toHaveText(sentence);
  // The mark is drawn over the canvas, which takes the pointer: point at the octagon's centre.
  const ring = await mark.locator("polygon").boundingBox();
  if (!ring) throw new Error("no violation ring");
  await page.mouse.move(ring.x + ring.width / 2, ring.y + ring.height / 2);
  await expect(page.getByRole("tooltip")).toContainText(sentence);
  // Once x arrives the run settles: the replicas converge even though causality was broken.
  await expect(verdict.locator('[data-verdict="convergence"]')).toContainText("Converged", {
    timeout: 10_000,
  });

  // A click on the sentence selects the event that was applied too early.
  await verdict.getByRole("button", { name: sentence }).click();
  await expect(page.getByRole("region", { name: "Selected event" })).toContainText(
    "node3 delivered y=2 from node2",
  );
  await page.getByRole("switch", { name: "Naive delivery" }).click();
  await expect(page.getByRole("switch", { name: "Naive delivery" })).not.toBeChecked();
  await expect(page.locator(".naive-badge")).toHaveCount(0);
});

test("the same run under causal delivery shows no violation", async ({ page, lab }) => {
  await freshLab(page, lab);
  await overtake(lab);
  const verdict = page.getByRole("region", { name: "Live verdict" });
  await expect(page.getByRole("list", { name: "node3 buffer" })).toContainText("y=2");
  await expect(verdict.locator('[data-verdict="convergence"]')).toContainText("Converged", {
    timeout: 10_000,
  });
  await expect(verdict.locator('[data-verdict="causality"]')).toContainText("Causality held");
  await expect(page.locator(".violation-mark")).toHaveCount(0);
  await lab.client("node1").setLink("node3", { delayMs: 0 });
});
