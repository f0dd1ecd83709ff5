// The live soak (part of the dashboard benchmark): the dashboard open on a real lab while clients
// write to its replicas at BENCH_SOAK_RATE writes/s (1000) for BENCH_SOAK_SECONDS (300), writes
// spread over the replicas and 100 keys. Measured in the page: its JS heap (Chromium's own figure,
// sampled every 5 s; and, after a collection, at one minute and at the end: flat means the end is
// within 1.2× of the minute), every animation frame's interval, and the lag of the page's "now" (the
// newest event it has applied, the page's own mark) behind the wall clock the replicas stamp events
// with. Targets: heap ≤ 300 MB and flat, frame p95 ≤ 50 ms, lag ≤ 1 s.
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { openReplicaStream, ReplicaClient } from "@causal-kv/client";
import { boundFigure, ratioFigure } from "../../../scripts/benchReport.mjs";

const seconds = Number(process.env.BENCH_SOAK_SECONDS ?? 300);
const rate = Number(process.env.BENCH_SOAK_RATE ?? 1000);
const sampleEveryMs = 5000;
/** Writes on their way at most; past it the load waits, so a slow cluster is not buried. */
const maxOutstanding = 400;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? Number.NaN;
}

/** In the page: every animation frame's interval, kept until asked for. */
function recordFrames() {
  const intervals = [];
  let last;
  const step = (t) => {
    if (last !== undefined) intervals.push(t - last);
    last = t;
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
  window.__soakFrames = () => intervals.splice(0);
}

/** In the page: the newest event time it has applied, and the wall clock now. */
function pageNow() {
  const mark = performance.getEntriesByName("causal-kv:events-applied")[0];
  return { latestTime: mark?.detail?.latestTime ?? 0, now: Date.now() };
}

/** Writes at `rate` per second until stopped; counts what was sent, answered and refused. */
function startLoad(replicaUrls, token) {
  const clients = Object.values(replicaUrls).map((url) => new ReplicaClient(url, { token }));
  const counts = { sent: 0, answered: 0, failed: 0, skipped: 0 };
  let outstanding = 0;
  const started = performance.now();
  const tick = () => {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    while (counts.sent + counts.skipped < due) {
      if (outstanding >= maxOutstanding) {
        counts.skipped++;
        continue;
      }
      const n = counts.sent++;
      const client = clients[n % clients.length];
      outstanding++;
      client
        .put(`k${n % 100}`, `v${n}`)
        .then(
          () => counts.answered++,
          () => counts.failed++,
        )
        .finally(() => outstanding--);
    }
  };
  const timer = setInterval(tick, 10);
  return {
    counts,
    stop: () => clearInterval(timer),
  };
}

/**
 * The baseline for the page's lag: a bare stream reader in Node on every replica, doing nothing
 * with the events but note the newest one's time. On a loaded machine the replicas themselves
 * fall behind; what the page adds to that is the page's own lag.
 */
function startBareReader(replicaUrls, token) {
  let latestTime = 0;
  const closers = Object.entries(replicaUrls).map(([id, url]) =>
    openReplicaStream(
      { id, url },
      {
        snapshot: (_, snapshot) => {
          latestTime = Math.max(latestTime, snapshot.events.at(-1)?.time ?? 0);
        },
        events: (_, events) => {
          latestTime = Math.max(latestTime, events.at(-1)?.time ?? 0);
        },
        malformed: () => {},
      },
      { token },
    ),
  );
  return {
    latest: () => latestTime,
    close: () => {
      for (const close of closers) close();
    },
  };
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

/** Runs the soak in a new page of `browser` against `lab`; returns figures and details. */
export async function runLiveSoak(browser, lab) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(lab.webUrl);
  await page
    .getByRole("region", { name: "Replica node3" })
    .getByText("up", { exact: true })
    .waitFor();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const heapBytes = async () => {
    const { metrics } = await cdp.send("Performance.getMetrics");
    return metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? Number.NaN;
  };
  const retainedHeap = async () => {
    await cdp.send("HeapProfiler.collectGarbage");
    return heapBytes();
  };
  const idle = (await page.evaluate(idleFrames, 120)).sort((a, b) => a - b);
  const profileFile = process.env.BENCH_SOAK_PROFILE;
  if (profileFile) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
    await cdp.send("Profiler.start");
  }
  await page.evaluate(recordFrames);
  const bare = startBareReader(lab.replicaUrls, lab.adminToken);
  const bareLags = [];
  const loadBefore = loadavg();
  const load = startLoad(lab.replicaUrls, lab.adminToken);
  const started = Date.now();
  const heap = [];
  const lags = [];
  const frames = [];
  let heapAtMinute;
  let nextSample = started + sampleEveryMs;
  try {
    while (Date.now() - started < seconds * 1000) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const { latestTime, now } = await page.evaluate(pageNow);
      if (latestTime > 0) lags.push(now - latestTime);
      if (bare.latest() > 0) bareLags.push(Date.now() - bare.latest());
      frames.push(...(await page.evaluate(() => window.__soakFrames())));
      if (Date.now() >= nextSample) {
        nextSample += sampleEveryMs;
        heap.push({ atS: Math.round((Date.now() - started) / 1000), bytes: await heapBytes() });
      }
      if (heapAtMinute === undefined && Date.now() - started >= Math.min(60, seconds / 2) * 1000) {
        // A measure after the first minute, kept out of the frame figures (a collection stalls).
        frames.push(...(await page.evaluate(() => window.__soakFrames())));
        heapAtMinute = await retainedHeap();
        await page.evaluate(() => window.__soakFrames());
      }
    }
  } finally {
    load.stop();
    bare.close();
  }
  frames.push(...(await page.evaluate(() => window.__soakFrames())));
  if (profileFile) {
    const { profile } = await cdp.send("Profiler.stop");
    writeFileSync(profileFile, JSON.stringify(profile));
  }
  const { latestTime, now } = await page.evaluate(pageNow);
  const finalLag = now - latestTime;
  const heapAtEnd = await retainedHeap();
  const loadAfter = loadavg();
  await page.close();

  const mb = (bytes) => bytes / 2 ** 20;
  const peakHeap = Math.max(...heap.map((s) => s.bytes), heapAtEnd);
  const sortedFrames = frames.sort((a, b) => a - b);
  const sortedLags = [...lags].sort((a, b) => a - b);
  const sortedBareLags = [...bareLags].sort((a, b) => a - b);
  const label = `live soak, ${rate} writes/s for ${seconds} s`;
  const figures = [
    boundFigure({
      name: `${label}: JS heap peak`,
      value: mb(peakHeap),
      unit: "MB",
      target: "≤ 300",
      pass: (v) => v <= 300,
    }),
    ratioFigure({
      name: `${label}: JS heap at the end, collected`,
      value: mb(heapAtEnd),
      unit: "MB",
      baselineName: "the same after the first minute",
      baselineValue: mb(heapAtMinute ?? Number.NaN),
      target: "≤ 1.2 (flat)",
      pass: (ratio) => ratio <= 1.2,
    }),
    ratioFigure({
      name: `${label}: animation frame p95`,
      value: percentile(sortedFrames, 0.95),
      unit: "ms",
      baselineName: "idle frame p95, same page before the load",
      baselineValue: percentile(idle, 0.95),
      target: "≤ 50 ms",
      pass: (_, v) => v <= 50,
    }),
    ratioFigure({
      name: `${label}: page's now behind the replicas, p95`,
      value: percentile(sortedLags, 0.95),
      unit: "ms",
      baselineName: "a bare Node stream reader's lag p95",
      baselineValue: percentile(sortedBareLags, 0.95),
      target: "≤ 1000 ms",
      pass: (_, v) => v <= 1000,
    }),
    boundFigure({
      name: `${label}: page's now behind the replicas, at the end`,
      value: finalLag,
      unit: "ms",
      target: "≤ 1000",
      pass: (v) => v <= 1000,
    }),
  ];
  const details = {
    seconds,
    rate,
    writesSent: load.counts.sent,
    writesAnswered: load.counts.answered,
    writesFailed: load.counts.failed,
    writesNotSentClusterBehind: load.counts.skipped,
    achievedWritesPerSecond: Math.round(load.counts.answered / seconds),
    windowEventsPerReplica: process.env.LAB_WINDOW_EVENTS ?? "default",
    frames: sortedFrames.length,
    frameP50Ms: percentile(sortedFrames, 0.5),
    frameP99Ms: percentile(sortedFrames, 0.99),
    frameMaxMs: sortedFrames.at(-1),
    lagP50Ms: percentile(sortedLags, 0.5),
    bareReaderLagP50Ms: percentile(sortedBareLags, 0.5),
    bareReaderLagMaxMs: sortedBareLags.at(-1),
    idleFrameP50Ms: percentile(idle, 0.5),
    lagMaxMs: sortedLags.at(-1),
    heapMbOverTime: heap.map((s) => [s.atS, Math.round(mb(s.bytes))]),
    loadAverageBefore: loadBefore.map((l) => Number(l.toFixed(2))),
    loadAverageAfter: loadAfter.map((l) => Number(l.toFixed(2))),
  };
  return { figures, details };
}
