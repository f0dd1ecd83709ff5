import { readFile } from "node:fs/promises";
import { causalChain } from "@causal-kv/scenarios";
import type { Page } from "@playwright/test";
import { parseShivizLog, shivizProblems } from "../src/trace/shivizLog";
import { parseTraceFile, traceToJson } from "../src/trace/traceFile";
import { freshLab } from "./labPage";
import { expect, type LabFixture, test } from "./labTest";

async function runCausalChain(page: Page, lab: LabFixture): Promise<number> {
  await freshLab(page, lab);
  await page.getByRole("button", { name: causalChain.title, exact: true }).click();
  await expect(page.locator(".scenario-run .phase")).toHaveText("done", { timeout: 45_000 });
  const journals = await Promise.all(
    Object.keys(lab.replicas).map((id) => lab.client(id).journal()),
  );
  const total = journals.reduce((n, journal) => n + journal.length, 0);
  await expect(page.locator("canvas.diagram-canvas")).toHaveAttribute(
    "data-drawn-events",
    String(total),
  );
  return total;
}

async function download(page: Page, label: string): Promise<Buffer> {
  await page.getByText("Trace files").click();
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: label }).click(),
  ]);
  return readFile(await file.path());
}

async function liveTrace(lab: LabFixture) {
  const replicas = Object.keys(lab.replicas);
  const journals = Object.fromEntries(
    await Promise.all(replicas.map(async (id) => [id, await lab.client(id).journal()] as const)),
  );
  return { replicas, journals };
}

test("exports the run as JSON, as a ShiViz log, and the diagram as SVG and PNG", async ({
  page,
  lab,
}) => {
  const total = await runCausalChain(page, lab);

  const json = parseTraceFile((await download(page, "Export JSON")).toString("utf8"));
  expect(json.ok && json.events).toBe(total);
  if (json.ok) expect(json.trace).toEqual(await liveTrace(lab));

  const log = (await download(page, "Export ShiViz log")).toString("utf8");
  expect(log.split("\n").slice(0, 2)).toEqual(["", ""]);
  const events = parseShivizLog(log);
  expect(events).toHaveLength(total);
  expect(shivizProblems(events)).toEqual([]);

  const svg = (await download(page, "Export SVG")).toString("utf8");
  expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  for (const id of Object.keys(lab.replicas)) expect(svg).toContain(`>${id}</text>`);
  // Events of one kind on one pixel are drawn once.
  const marks = svg.match(/class="mark"/g)?.length ?? 0;
  expect(marks).toBeLessThanOrEqual(total);
  expect(marks).toBeGreaterThan(total / 2);

  const png = await download(page, "Export PNG");
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.readUInt32BE(16)).toBe(2800);
});

test("imports a trace after validating it; a bad file is refused with reasons and changes nothing", async ({
  page,
  lab,
}) => {
  const total = await runCausalChain(page, lab);
  const live = await liveTrace(lab);
  // The same run a day earlier: the view must move to it.
  const dayMs = 86_400_000;
  const trace = {
    replicas: live.replicas,
    journals: Object.fromEntries(
      Object.entries(live.journals).map(([id, journal]) => [
        id,
        journal.map((event) => ({ ...event, time: event.time - dayMs })),
      ]),
    ),
  };
  const input = page.getByLabel("Import trace file");

  await input.setInputFiles({
    name: "chain.json",
    mimeType: "application/json",
    buffer: Buffer.from(traceToJson(trace)),
  });
  const banner = page.getByRole("status").filter({ hasText: "Showing imported trace" });
  await expect(banner).toContainText(`chain.json: ${total} events from node1, node2, node3`);
  const canvas = page.locator("canvas.diagram-canvas");
  await expect(canvas).toHaveAttribute("data-drawn-events", String(total));
  expect(Number(await canvas.getAttribute("data-visible-marks"))).toBeGreaterThan(total / 2);
  await expect(page.getByRole("region", { name: "Replica node3" })).toContainText("recorded");
  await expect(page.getByRole("list", { name: "node3 store" })).toContainText("y = 2");
  await expect(page.getByRole("region", { name: "Live verdict" })).toContainText("Causality held");
  await expect(page.getByRole("switch", { name: "Naive delivery" })).toBeDisabled();

  const bad = JSON.parse(traceToJson(trace));
  bad.journals.node2[1].clock = "soon";
  bad.journals.node1[0].replica = "node3";
  await input.setInputFiles({
    name: "broken.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(bad)),
  });
  const alert = page.getByRole("alert").filter({ hasText: "Could not import broken.json" });
  await expect(alert).toContainText("nothing was changed");
  await expect(alert).toContainText("journals.node2[1].clock");
  await expect(banner).toContainText("chain.json");

  await input.setInputFiles({
    name: "notes.json",
    mimeType: "application/json",
    buffer: Buffer.from("{ not json"),
  });
  await expect(page.getByRole("alert").filter({ hasText: "notes.json" })).toContainText(
    "the file is not JSON",
  );

  await banner.getByRole("button", { name: "Back to live" }).click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Replica node3" })).toContainText("up");
});
