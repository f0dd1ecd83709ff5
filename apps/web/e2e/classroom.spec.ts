/**
 * The lab in a classroom: a run belongs to the cluster, so two browsers opened at two different
 * loopback addresses see the same narration step, question tally and verdict; the second cannot
 * start another run meanwhile; the teacher's Pause, Next step and Resume drive the run a step at a
 * time; the replicas' control routes refuse a caller without the token while the dashboard, which
 * holds it, keeps working. Screenshots of a paused run and of a question at 1280×720 and 1920×1080
 * go to test-results for a person to look at.
 */
import { ReplicaClient } from "@causal-kv/client";
import { causalChain } from "@causal-kv/scenarios";
import type { Browser, Page } from "@playwright/test";
import { freshLab, settlePace } from "./labPage";
import { expect, test } from "./labTest";

async function openAt(browser: Browser, url: string, host: string): Promise<Page> {
  const address = new URL(url);
  address.hostname = host;
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(address.origin);
  await expect(page.getByRole("group", { name: "Run controls" })).toBeVisible();
  return page;
}

const controls = (page: Page) => page.getByRole("group", { name: "Run controls" });
const runStep = (page: Page) => page.locator(".scenario-run .run-step");
const narrationNow = (page: Page) => page.locator(".narration-now li");

test.afterEach(async ({ page }) => {
  await settlePace(page);
});

test("a run started at 127.0.0.1 is the same run at 127.0.0.2, which cannot start another; a question's tally reaches the teacher", async ({
  browser,
  page,
  lab,
}) => {
  await freshLab(page, lab);
  const student = await openAt(browser, lab.url, "127.0.0.2");
  try {
    await controls(page).getByRole("checkbox", { name: "Ask questions" }).click();
    await expect(controls(student).getByRole("checkbox", { name: "Ask questions" })).toBeChecked();
    await page.getByRole("button", { name: causalChain.title, exact: true }).click();

    // The run stops at its question, in both browsers, with the same narration step.
    const question = (p: Page) => p.getByRole("region", { name: "Question" });
    await expect(question(page)).toContainText("Will node3 apply y the moment it arrives?");
    await expect(question(student)).toContainText("Will node3 apply y the moment it arrives?");
    await expect(narrationNow(student)).toHaveText((await narrationNow(page).textContent()) ?? "");
    await expect(student.locator(".scenario-run .phase")).toHaveText("running…");
    await expect(student.locator(".scenario-run .run-step")).toHaveText(/^Step \d+ of 9$/);
    await expect(student.getByRole("button", { name: "Independent writes" })).toHaveCount(0);

    // The student answers on its own device; the teacher's screen counts it.
    await question(student).getByRole("button", { name: "Keep it in the buffer" }).click();
    await expect(question(student)).toContainText("You answered “Keep it in the buffer”");
    await expect(question(page).locator('[data-choice="Keep it in the buffer"]')).toHaveText(
      "1 answer",
    );
    await expect(question(page)).toContainText("1 answer so far");

    // Next: the answer shows everywhere, and the run goes on to the same verdict in both.
    await controls(page).getByRole("button", { name: "Next step" }).click();
    await expect(question(student).locator(".question-answer")).toContainText(
      "Keep it in the buffer: y's clock counts node1's write #1",
    );
    for (const viewer of [page, student]) {
      await expect(viewer.locator(".scenario-run .phase")).toHaveText("done", { timeout: 45_000 });
      await expect(viewer.getByRole("list", { name: "Verdict" }).locator("li.bad")).toHaveCount(0);
    }
    const verdict = await page.getByRole("list", { name: "Verdict" }).innerText();
    expect(await student.getByRole("list", { name: "Verdict" }).innerText()).toBe(verdict);
  } finally {
    await student.context().close();
  }
});

test("Pause, Next step and Resume drive a run one step at a time; a paused run's links are frozen", async ({
  page,
  lab,
}) => {
  await freshLab(page, lab);
  await controls(page).getByRole("button", { name: "Pause" }).click();
  await expect(controls(page).getByRole("button", { name: "Resume" })).toBeVisible();
  // Frozen: every link of the cluster holds.
  await expect.poll(async () => (await lab.client("node2").status()).links.node3?.hold).toBe(true);
  await page.getByRole("button", { name: causalChain.title, exact: true }).click();
  const steps = causalChain.steps.length;
  await expect(runStep(page)).toHaveText(`Ready: step 1 of ${steps} comes next`);
  // Standing still: no step begins while paused.
  await page.waitForTimeout(600);
  await expect(runStep(page)).toHaveText(`Ready: step 1 of ${steps} comes next`);
  await expect(narrationNow(page)).toHaveText(causalChain.summary);

  for (const step of [1, 2, 3]) {
    await controls(page).getByRole("button", { name: "Next step" }).click();
    await expect(runStep(page)).toHaveText(`Step ${step} of ${steps}`);
  }
  // A reset or a fault by hand would mix with the run: refused, saying what runs.
  const reset = await page.request.post(`${lab.url}/replicas/node1/control/reset`, { data: {} });
  expect(reset.status()).toBe(409);
  expect(await reset.json()).toMatchObject({
    error: { code: "run-in-progress", message: expect.stringContaining("Causal chain is running") },
  });
  await page.screenshot({ path: test.info().outputPath("paused-run-1280x720.png") });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: test.info().outputPath("paused-run-1920x1080.png") });
  await page.setViewportSize({ width: 1280, height: 720 });

  await controls(page).getByRole("button", { name: "Resume" }).click();
  await expect(page.locator(".scenario-run .phase")).toHaveText("done", { timeout: 45_000 });
  await expect(page.getByRole("list", { name: "Verdict" }).locator("li.bad")).toHaveCount(0);
  await expect.poll(async () => (await lab.client("node2").status()).links.node3?.hold).toBe(false);
});

test("a question at both sizes, for a person to look at", async ({ page, lab }) => {
  await freshLab(page, lab);
  await controls(page).getByRole("checkbox", { name: "Ask questions" }).click();
  await expect(controls(page).getByRole("checkbox", { name: "Ask questions" })).toBeChecked();
  await page.getByRole("button", { name: causalChain.title, exact: true }).click();
  const question = page.getByRole("region", { name: "Question" });
  await question.getByRole("button", { name: "Apply it at once" }).click();
  await expect(question.locator('[data-choice="Apply it at once"]')).toHaveText("1 answer");
  await page.screenshot({ path: test.info().outputPath("question-1280x720.png") });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: test.info().outputPath("question-1920x1080.png") });
  await controls(page).getByRole("button", { name: "Next step" }).click();
  await expect(page.locator(".scenario-run .phase")).toHaveText("done", { timeout: 45_000 });
});

test("the replicas refuse a caller without the token while the dashboard keeps working", async ({
  page,
  lab,
}) => {
  await freshLab(page, lab);
  const url = lab.replicas.node1;
  if (!url) throw new Error("no node1");
  const stranger = new ReplicaClient(url);
  await expect(stranger.setLink("node2", { delayMs: 1 })).rejects.toMatchObject({
    status: 401,
    code: "unauthorized",
  });
  await expect(stranger.reset()).rejects.toMatchObject({ status: 401 });
  const delay = page.getByRole("spinbutton", { name: "delay node1 → node2" });
  await delay.fill("250");
  await delay.press("Enter");
  await expect
    .poll(async () => (await lab.client("node1").status()).links.node2?.delayMs)
    .toBe(250);
  await delay.fill("0");
  await delay.press("Enter");
  await expect.poll(async () => (await lab.client("node1").status()).links.node2?.delayMs).toBe(0);
});

test("Step messages: every link holds, and the message delivered next is the one clicked, on the diagram or in the list", async ({
  page,
  lab,
}) => {
  await freshLab(page, lab);
  await controls(page).getByRole("checkbox", { name: "Step messages" }).click();
  await expect(controls(page).getByRole("checkbox", { name: "Step messages" })).toBeChecked();
  await expect.poll(async () => (await lab.client("node3").status()).links.node1?.hold).toBe(true);
  await lab.client("node1").put("stepped", "1");
  const list = page.getByRole("region", { name: "Held messages" });
  await expect(list.locator("li")).toHaveCount(2);
  const store = (id: string) =>
    page.getByRole("list", { name: `${id} store` }).locator('li[data-key="stepped"]');

  // Clicked on the diagram: the copy for node3 goes, the one for node2 still waits.
  await page.locator('.held-mark[aria-label$="held on node1 → node3"]').click();
  await expect(store("node3")).toContainText("1");
  await expect(store("node2")).toHaveCount(0);
  await expect(list.locator("li")).toHaveCount(1);
  // Then from the list.
  await list.getByRole("button", { name: /^Release .*node1 → node2$/ }).click();
  await expect(store("node2")).toContainText("1");
  await expect(list.locator("li")).toHaveCount(0);
});
