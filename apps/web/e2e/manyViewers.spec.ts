import { causalChain } from "@causal-kv/scenarios";
import { freshLab } from "./labPage";
import { expect, test } from "./labTest";

test("two browsers watch one run: a scenario started in one is seen live in the other", async ({
  browser,
  page,
  lab,
}) => {
  await freshLab(page, lab);
  const other = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    const viewer = await other.newPage();
    const errors: string[] = [];
    viewer.on("pageerror", (error) => errors.push(error.message));
    await viewer.goto(lab.url);
    for (const id of Object.keys(lab.replicas))
      await expect(
        viewer.getByRole("region", { name: `Replica ${id}` }).getByText("up", { exact: true }),
      ).toBeVisible();

    await page.getByRole("button", { name: causalChain.title, exact: true }).click();
    // The second viewer sees the run as it happens: y waiting in node3's buffer, then the end.
    await expect(viewer.getByRole("list", { name: "node3 buffer" })).toContainText("y=2");
    await expect(page.locator(".scenario-run .phase")).toHaveText("done", { timeout: 45_000 });

    for (const p of [page, viewer]) {
      const verdict = p.getByRole("region", { name: "Live verdict" });
      await expect(verdict.locator('[data-verdict="causality"]')).toContainText("Causality held");
      await expect(verdict.locator('[data-verdict="convergence"]')).toContainText("Converged");
      await expect(p.getByRole("list", { name: "node3 store" })).toContainText("y = 2");
    }
    // Both drew every event of the run.
    const drawn = page.locator("canvas.diagram-canvas");
    const count = await drawn.getAttribute("data-drawn-events");
    expect(Number(count)).toBeGreaterThan(10);
    await expect(viewer.locator("canvas.diagram-canvas")).toHaveAttribute(
      "data-drawn-events",
      count ?? "",
    );
    await expect(
      viewer.getByRole("listbox", { name: "Events" }).getByRole("option").last(),
    ).toHaveText(
      (await page
        .getByRole("listbox", { name: "Events" })
        .getByRole("option")
        .last()
        .textContent()) ?? "",
    );
    expect(errors).toEqual([]);
  } finally {
    await other.close();
  }
});

test("a viewer that joins after a long run still sees all of it, not only the stream's tail", async ({
  page,
  lab,
}) => {
  await freshLab(page, lab);
  // 300 writes are 600 events at node1: more than a stream snapshot carries (its last 500).
  const node1 = lab.client("node1");
  for (let i = 0; i < 300; i++) await node1.put(`late${i % 20}`, String(i));
  await expect
    .poll(async () => (await lab.client("node3").status()).clock.node1, { timeout: 20_000 })
    .toBe(300);
  const journals = await Promise.all(
    Object.keys(lab.replicas).map((id) => lab.client(id).journal()),
  );
  const total = journals.reduce((n, journal) => n + journal.length, 0);
  expect(journals[0]?.length).toBeGreaterThan(500);

  const late = await page
    .context()
    .browser()
    ?.newContext({ viewport: { width: 1280, height: 720 } });
  if (!late) throw new Error("no browser");
  try {
    const viewer = await late.newPage();
    await viewer.goto(lab.url);
    await expect(viewer.locator("canvas.diagram-canvas")).toHaveAttribute(
      "data-drawn-events",
      String(total),
    );
    const verdict = viewer.getByRole("region", { name: "Live verdict" });
    await expect(verdict.locator('[data-verdict="causality"]')).toContainText(
      `Causality held (${total} events checked)`,
    );
    await expect(verdict.locator('[data-verdict="convergence"]')).toContainText("Converged");
  } finally {
    await late.close();
  }
});
