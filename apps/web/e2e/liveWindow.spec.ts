/**
 * The live window (LAB_WINDOW_EVENTS=12 here): a naive-delivery violation scrolls out of the
 * window and the verdict still names it; replaying to the start and panning back fetch the older
 * events from the replicas' journals, and the verdict does not count them twice.
 */
import { openResetLab, overtake } from "./labPage";
import { expect, test } from "./labTest";
import { startLabServer } from "./startTestLab";

let small: { url: string; stop(): Promise<void> } | undefined;

test.beforeAll(async () => {
  const replicas = JSON.parse(process.env.LAB_REPLICAS ?? "{}") as Record<string, string>;
  small = await startLabServer(replicas, { LAB_WINDOW_EVENTS: "12" });
});

test.afterAll(() => small?.stop());

test("a small window: the verdict covers what scrolled out, and panning back fetches it", async ({
  page,
  lab,
}) => {
  if (!small) throw new Error("the lab server with a small window did not start");
  const ids = Object.keys(lab.replicas);
  await Promise.all(ids.map((id) => lab.client(id).setMode("causal")));
  await openResetLab(page, small.url, ids);
  const verdict = page.getByRole("region", { name: "Live verdict" });
  const causality = verdict.locator('[data-verdict="causality"]');

  await Promise.all(ids.map((id) => lab.client(id).setMode("naive")));
  await overtake(lab);
  await expect(causality).toContainText("Causality violated: 1 write applied too early");
  await expect(verdict.locator('[data-verdict="convergence"]')).toContainText("Converged", {
    timeout: 10_000,
  });
  await lab.client("node1").setLink("node3", { delayMs: 0 });
  await Promise.all(ids.map((id) => lab.client(id).setMode("causal")));

  // Enough writes that every journal is many windows long.
  for (let i = 0; i < 30; i++)
    await lab.client(ids[i % ids.length] ?? "node1").put(`k${i % 4}`, `${i}`);
  const journals = async () => {
    let total = 0;
    for (const id of ids) total += (await lab.client(id).journal()).length;
    return total;
  };
  await expect(verdict.locator('[data-verdict="convergence"]')).toContainText("Converged", {
    timeout: 15_000,
  });
  const total = await journals();
  const canvas = page.locator("canvas.diagram-canvas");
  const drawn = async () => Number(await canvas.getAttribute("data-drawn-events"));
  await expect.poll(drawn).toBeLessThanOrEqual(ids.length * 15);
  // The violation scrolled out of the window long ago, and the verdict still holds it.
  await expect(causality).toContainText("Causality violated: 1 write applied too early");
  await expect(verdict.getByRole("list", { name: "Causality violations" })).toContainText(
    /node3 applied y=2 \(node2:1\) before x=1 \(node1:1\)/,
  );
  const inWindow = await drawn();

  // Replaying to the first moment shown fetches one window's worth from before it.
  const scrubber = page.getByRole("slider", { name: "Replay" });
  await scrubber.focus();
  await page.keyboard.press("Home");
  await expect.poll(drawn).toBeGreaterThan(inWindow);
  const afterReplay = await drawn();
  expect(afterReplay).toBeLessThanOrEqual(inWindow + ids.length * 12);

  // Panning back (dragging the diagram right) past the oldest event shown loads more. How far
  // back that is depends on where the replay's fetch placed the older events, so the drag goes
  // on, as a user's would, until it gets there: at most four drags of most of the view's width.
  const diagram = page.getByRole("img", { name: "Space-time diagram" });
  const box = await diagram.boundingBox();
  if (!box) throw new Error("no diagram");
  const y = box.y + box.height / 2;
  for (let drag = 0; drag < 4 && (await drawn()) <= afterReplay; drag++) {
    await page.mouse.move(box.x + box.width * 0.2, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.9, y, { steps: 8 });
    await page.mouse.up();
    await expect
      .poll(drawn, { timeout: 3000 })
      .toBeGreaterThan(afterReplay)
      .catch(() => undefined);
  }
  expect(await drawn()).toBeGreaterThan(afterReplay);

  expect(await drawn()).toBeLessThanOrEqual(total);

  // Shown, not judged again: still the one violation.
  await expect(causality).toContainText("Causality violated: 1 write applied too early");
  await page.getByRole("button", { name: "Back to now" }).click();
  await expect(causality).toContainText("Causality violated: 1 write applied too early");
});
