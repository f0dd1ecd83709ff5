// Dashboard benchmark (run after building apps/web and apps/replica): a real lab (three replicas
// and the production dashboard on free ports) in Playwright's Chromium at 1280×720, launched as
// playwright.config.ts launches it. For a 20,000- and a 100,000-event trace (stressTrace.mjs):
// 1. first render: from the import's start (file chosen) to the diagram drawn with every event,
//    read from the page's own performance marks; and its part after the file is read and checked
//    (the trace laid out and drawn, what issue 17's "lays out and renders" times);
// 2. pan/zoom frame time: requestAnimationFrame intervals while a script zooms in, pans, zooms out
//    and pans back with one wheel or drag event per frame; p50 and p95; and the work per frame,
//    from the frame's event to the diagram repainted (the page's own mark), p95; on the logical
//    axis the import draws first, then again on the real-time axis.
// Targets: 20k renders in ≤ 1 s and pans/zooms with p95 frame ≤ 16.7 ms (60 frames/s); 100k is
// laid out and drawn in ≤ 1 s once read (≤ 3 s with reading and checking the file) and pans/zooms
// at p95 frame ≤ 16.7 ms on both axes.
// 3. the live soak (liveSoak.mjs): the dashboard open while clients write 1,000 writes/s for 5 min.
// The machine's load average is recorded with the figures. Writes reports/bench/web.json. Env: BENCH_SIZES ("20000,100000"; "" for none), CHROMIUM_PATH,
// BENCH_SOAK_SECONDS (300; 0 skips the soak), BENCH_SOAK_RATE (1000), LAB_WINDOW_EVENTS,
// BENCH_SOAK_PROFILE (a file: the page's CPU profile over the soak, V8 .cpuprofile JSON).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { freePorts } from "@causal-kv/client/process";
import { chromium } from "@playwright/test";
import { boundFigure, writeBenchReport } from "../../../scripts/benchReport.mjs";
import { startLab } from "../../../scripts/lab.mjs";
import { chromiumLaunchOptions } from "../chromiumLaunch.mjs";
import { runLiveSoak } from "./liveSoak.mjs";
import { stressTrace } from "./stressTrace.mjs";

const sizes = (process.env.BENCH_SIZES ?? "20000,100000")
  .split(",")
  .map(Number)
  .filter((size) => size > 0);
const framesPerPhase = 60;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? Number.NaN;
}

/** In the page: one synthetic wheel or drag event per animation frame, and every frame's time. */
function scriptedPanZoom(framesPerPhase) {
  const svg = document.querySelector('svg[aria-label="Space-time diagram"]');
  if (!svg) throw new Error("no diagram");
  const box = svg.getBoundingClientRect();
  const cx = box.left + box.width / 2;
  const cy = box.top + box.height / 2;
  const mouse = (type, x, target) =>
    target.dispatchEvent(
      new MouseEvent(type, { clientX: x, clientY: cy, button: 0, bubbles: true, view: window }),
    );
  const wheel = (deltaY) =>
    svg.dispatchEvent(
      new WheelEvent("wheel", {
        deltaY,
        clientX: cx,
        clientY: cy,
        bubbles: true,
        cancelable: true,
      }),
    );
  const phases = [
    (i) => wheel(-40 - i), // zoom in
    (i) => (i === 0 ? mouse("mousedown", cx, svg) : mouse("mousemove", cx - i * 9, window)),
    (i) => (i === 0 ? mouse("mouseup", cx - 540, window) : wheel(40 + i)), // zoom out
    (i) => (i === 0 ? mouse("mousedown", cx, svg) : mouse("mousemove", cx + i * 9, window)),
  ];
  const stamps = [];
  const work = [];
  let sentAt;
  return new Promise((resolve) => {
    let frame = 0;
    const total = phases.length * framesPerPhase;
    const step = (t) => {
      stamps.push(t);
      // The work of the last frame: from its event to the diagram painted (the app's mark).
      const drawn = performance.getEntriesByName("causal-kv:diagram-drawn")[0];
      if (sentAt !== undefined && drawn && drawn.startTime >= sentAt)
        work.push(drawn.startTime - sentAt);
      if (frame < total) {
        sentAt = performance.now();
        phases[Math.floor(frame / framesPerPhase)]?.(frame % framesPerPhase);
        frame++;
        requestAnimationFrame(step);
      } else {
        mouse("mouseup", cx, window);
        resolve({ intervals: stamps.slice(1).map((s, i) => s - (stamps[i] ?? s)), work });
      }
    };
    requestAnimationFrame(step);
  });
}

/** In the page: frame intervals with nothing happening, this machine's own pace. */
function idleFrames(count) {
  const stamps = [];
  return new Promise((resolve) => {
    const step = (t) => {
      stamps.push(t);
      if (stamps.length <= count) requestAnimationFrame(step);
      else resolve(stamps.slice(1).map((s, i) => s - (stamps[i] ?? s)));
    };
    requestAnimationFrame(step);
  });
}

const scratch = mkdtempSync(join(tmpdir(), "causal-kv-web-bench-"));
const [webPort, ...replicaPorts] = await freePorts(4);
const lab = startLab({
  replicas: 3,
  replicaPorts,
  webPort,
  dataDir: join(scratch, "data"),
  logLevel: "warn",
  output: () => {},
});
const figures = [];
const details = {};
let browser;
try {
  await lab.ready();
  browser = await chromium.launch(chromiumLaunchOptions());
  for (const size of sizes) {
    const { trace, events } = stressTrace(size);
    const file = join(scratch, `trace-${size}.json`);
    writeFileSync(file, JSON.stringify(trace));
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(lab.webUrl);
    await page
      .getByRole("region", { name: "Replica node3" })
      .getByText("up", { exact: true })
      .waitFor();
    await page.getByLabel("Import trace file").setInputFiles(file);
    await page.waitForFunction(
      (n) =>
        performance
          .getEntriesByName("causal-kv:diagram-drawn")
          .some((mark) => mark.detail?.events === n),
      events,
      { timeout: 120_000, polling: 50 },
    );
    const { renderMs, layoutMs } = await page.evaluate(() => {
      const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? Number.NaN;
      const drawn = at("causal-kv:diagram-drawn");
      return {
        renderMs: drawn - at("causal-kv:import-start"),
        layoutMs: drawn - at("causal-kv:import-parsed"),
      };
    });
    const canvas = page.locator("canvas.diagram-canvas");
    const visible = Number(await canvas.getAttribute("data-visible-marks"));
    const dense = Number(await canvas.getAttribute("data-dense-columns"));
    // The whole run is in view after an import: a blank view would time nothing.
    if (!(visible + dense > 0)) throw new Error(`the imported ${size}-event trace drew nothing`);
    const label = `${Math.round(size / 1000)}k`;
    const twenty = size <= 20_000;
    figures.push(
      boundFigure({
        name: `first render, ${label}-event imported trace`,
        value: renderMs,
        unit: "ms",
        target: twenty ? "≤ 1000" : "≤ 3000",
        pass: (v) => v <= (twenty ? 1000 : 3000),
      }),
      boundFigure({
        name: `laid out and drawn once read, ${label}-event imported trace`,
        value: layoutMs,
        unit: "ms",
        target: "≤ 1000",
        pass: (v) => v <= 1000,
      }),
    );
    const budget = 16.7;
    const axisDetails = {};
    // Both axes: the import draws the logical one (the default); then the same on real time.
    for (const axis of ["logical", "real"]) {
      if (axis === "real") {
        await page.evaluate(() => performance.clearMarks("causal-kv:diagram-drawn"));
        await page
          .getByRole("group", { name: "Time axis" })
          .getByRole("button", { name: "Real time" })
          .click();
        await page.waitForFunction(
          () => performance.getEntriesByName("causal-kv:diagram-drawn").length > 0,
          undefined,
          { timeout: 60_000 },
        );
      }
      // Let the page settle before timing frames.
      await page.waitForTimeout(500);
      const idle = (await page.evaluate(idleFrames, 60)).sort((a, b) => a - b);
      const panZoom = await page.evaluate(scriptedPanZoom, framesPerPhase);
      const frames = panZoom.intervals.sort((a, b) => a - b);
      const work = panZoom.work.sort((a, b) => a - b);
      // Frame intervals cannot beat the display's own pace, measured idle in the same page, and
      // Chromium coarsens requestAnimationFrame timestamps to 0.1 ms: 16.8 is a 60-frames/s frame.
      const timerResolutionMs = 0.1;
      const paced = Math.max(budget, percentile(idle, 0.95)) + timerResolutionMs;
      const on = `${label} events, ${axis} axis`;
      figures.push(
        boundFigure({
          name: `pan/zoom frame p50, ${on}`,
          value: percentile(frames, 0.5),
          unit: "ms",
          target: `≤ ${budget}`,
          pass: (v) => v <= paced,
        }),
        boundFigure({
          name: `pan/zoom frame p95, ${on}`,
          value: percentile(frames, 0.95),
          unit: "ms",
          target: `≤ ${budget} (± 0.1 timer; idle ${percentile(idle, 0.95).toFixed(1)})`,
          pass: (v) => v <= paced,
        }),
        boundFigure({
          name: `pan/zoom work per frame p95, ${on}`,
          value: percentile(work, 0.95),
          unit: "ms",
          target: `≤ ${budget}`,
          pass: (v) => v <= budget,
        }),
      );
      axisDetails[axis] = {
        frames: frames.length,
        workedFrames: work.length,
        workP50Ms: percentile(work, 0.5),
        frameMaxMs: frames.at(-1),
        idleFrameP50Ms: percentile(idle, 0.5),
        idleFrameP95Ms: percentile(idle, 0.95),
      };
    }
    details[label] = {
      loadAverage: loadavg(),
      events,
      readAndCheckedMs: renderMs - layoutMs,
      fileBytes: JSON.stringify(trace).length,
      visibleMarksAfterImport: visible,
      denseColumnsAfterImport: dense,
      ...axisDetails,
    };
    await page.close();
  }
  if (process.env.BENCH_SOAK_SECONDS !== "0") {
    const soak = await runLiveSoak(browser, lab);
    figures.push(...soak.figures);
    details.liveSoak = soak.details;
  }
} finally {
  await browser?.close();
  await lab.stop();
  rmSync(scratch, { recursive: true, force: true });
}
writeBenchReport("web", figures, details);
console.log(JSON.stringify(details, null, 2));
