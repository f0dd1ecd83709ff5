import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { causalChain, scenarioFile } from "@causal-kv/scenarios";
import { freshLab } from "./labPage";
import { expect, test } from "./labTest";

const dir = mkdtempSync(join(tmpdir(), "causal-kv-e2e-lesson-"));

test("a loaded scenario file runs on the lab server to its verdict; a bad one lists its problems", async ({
  page,
  lab,
}) => {
  await freshLab(page, lab);
  const bad = join(dir, "bad.json");
  writeFileSync(bad, JSON.stringify({ ...scenarioFile(causalChain), replicas: "three" }));
  await page.getByLabel("Load scenario file").setInputFiles(bad);
  const problems = page.locator(".scenario-files").getByRole("alert");
  await expect(problems).toContainText("bad.json is not a scenario file");
  await expect(problems).toContainText("replicas: replicas must be a whole number");
  await page.getByRole("button", { name: "Dismiss" }).click();

  const lesson = join(dir, "lesson.json");
  const file = { ...scenarioFile(causalChain), id: "my-chain", title: "My chain" };
  writeFileSync(lesson, JSON.stringify(file, null, 2));
  await page.getByLabel("Load scenario file").setInputFiles(lesson);
  await expect(page.locator(".loaded-scenario")).toContainText("Loaded My chain from lesson.json");
  await page.getByRole("button", { name: "Run My chain" }).click();
  const run = page.locator(".scenario-run");
  await expect(run.getByRole("heading")).toContainText("My chain");
  await expect(run.locator(".phase")).toHaveText("done", { timeout: 45_000 });
  const verdict = page.getByRole("list", { name: "Verdict" });
  await expect(verdict.locator("li.bad")).toHaveCount(0);
  await expect(verdict.locator("li.ok").first()).toContainText("causal order kept");
});

test("what was done by hand, saved as a scenario, replays the same run", async ({ page, lab }) => {
  await freshLab(page, lab);
  const hold = page.getByRole("checkbox", { name: "hold node1 → node3" });
  await hold.click();
  await expect(hold).toBeChecked();
  const form = page.getByRole("form", { name: "Write form" });
  const put = async (at: string, key: string, value: string) => {
    await form.getByLabel("Replica").selectOption(at);
    await form.getByLabel("Key").fill(key);
    await form.getByLabel("Value").fill(value);
    await form.getByRole("button", { name: "Put" }).click();
    await expect(form.locator("output")).toContainText(`${at} wrote ${key}=${value}`);
  };
  await put("node1", "x", "1");
  await expect(page.getByRole("list", { name: "node2 store" })).toContainText("1");
  await put("node2", "y", "2");
  await expect(page.getByRole("list", { name: "node3 buffer" })).toContainText("y=2");
  await page
    .getByRole("region", { name: "Held messages" })
    .getByRole("button", { name: "Release x=1 (node1's write #1) node1 → node3" })
    .click();
  await expect(page.getByRole("region", { name: "Replica node3" })).toContainText(
    "nothing waiting",
  );

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: /^Save as scenario/ }).click(),
  ]);
  const saved = join(dir, download.suggestedFilename());
  await download.saveAs(saved);
  const json = JSON.parse(readFileSync(saved, "utf8"));
  expect(json.version).toBe(1);
  expect(json.steps.map((step: { kind: string }) => step.kind)).toEqual([
    "say",
    "link",
    "put",
    "await",
    "put",
    "release",
    "heal",
  ]);

  await page.getByLabel("Load scenario file").setInputFiles(saved);
  await page.getByRole("button", { name: `Run ${json.title}` }).click();
  const run = page.locator(".scenario-run");
  await expect(run.locator(".phase")).toHaveText("done", { timeout: 45_000 });
  await expect(page.getByRole("list", { name: "Verdict" }).locator("li.bad")).toHaveCount(0);
  // The replay buffered y on node3 until x was released, as the run by hand did.
  const journal = await lab.client("node3").journal();
  expect(journal.flatMap((e) => (e.type === "buffer" ? [e.message.key] : []))).toEqual(["y"]);
});

test("Causal chain run causal then naive, compared: the first divergence is named", async ({
  page,
  lab,
}) => {
  await freshLab(page, lab);
  await page.getByRole("button", { name: causalChain.title, exact: true }).click();
  const run = page.locator(".scenario-run");
  await expect(run.locator(".phase")).toHaveText("done", { timeout: 45_000 });
  const compared = page.locator("details.runs-compared");
  await compared.locator("summary").click();
  await compared.getByRole("button", { name: "Run Causal chain naive" }).click();
  await expect(run.locator(".phase")).toHaveText("did not hold", { timeout: 45_000 });
  await expect(compared.getByLabel("Below")).toContainText("Causal chain, naive");
  await compared.getByRole("button", { name: "Compare" }).click();
  await expect(compared.getByRole("status")).toHaveText(
    "First divergence: here node3 applies y=2 before x=1 in the naive run; the causal run buffers it.",
  );
  await expect(compared.locator("figure")).toHaveCount(2);
  await expect(compared.locator("[data-divergence]")).toHaveCount(2);
  if (process.env.SCREENSHOT_DIR)
    await compared.screenshot({ path: `${process.env.SCREENSHOT_DIR}/runs-compared.png` });
});
