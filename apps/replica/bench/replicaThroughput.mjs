// Replica benchmark (run after `npm run build`): three real replica processes on loopback.
// 1. PUT throughput at node1 while it replicates to two peers, against a bare node:http JSON
//    server (parse the body, reply) measured in the same run as the ceiling. Target ≥ 0.5.
// 2. write→deliver latency at 100 writes/s with no injected delay: from just before each PUT to
//    the time in each peer's journal `deliver` event (read live over Socket.IO). All processes
//    are on one machine and read the same clock (see src/wallClock.ts). Target p99 ≤ 5 ms.
//    Also reported: the same until the event reaches this process (adds the stream hop), and, as
//    this machine's floor, the round trip to the bare server at the same pace. Measured first,
//    before the throughput runs (see deliveryLatency.mjs and the comment where it is called).
// 3. PUT throughput while a dashboard (a Socket.IO viewer of every replica, in its own process:
//    dashboardViewer.mjs) streams the events the
//    load makes, against the same load with no viewer, alternated so drift hits both. Target: the
//    viewer receives ≥ 2,000 events/s and throughput drops ≤ 10 %.
// 4. PUT throughput with causal contexts (each request carries the last answer's token) against
//    the same load without, alternated (contextCost.mjs). Target ≥ 0.95.
// 5. CPU per request (Linux): each process's CPU time during the runs of 1, per request, for the
//    bare server + load generator and for node1 + both peers + load generator. On shared cores,
//    when both runs are CPU-bound, the throughput ratio cannot exceed the inverse ratio of these.
//    The same for the replica's logic alone (inProcessFloor.mjs): what the ratio could at best be
//    if serving, replicating and syncing cost nothing beyond the bare server's HTTP.
//    The same throughput at 100 connections shows what group commit does with more writers.
// Env: BENCH_SECONDS (5), BENCH_CONNECTIONS (10), BENCH_LOG_LEVEL (warn), SQLITE_SYNCHRONOUS (FULL).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { boundFigure, ratioFigure, writeBenchReport } from "../../../scripts/benchReport.mjs";
import { createWallClock } from "../dist/wallClock.js";
import {
  bareServer,
  freePorts,
  killAll,
  runBench,
  start,
  startDashboard,
  startReplicaCluster,
} from "./benchProcesses.mjs";
import { measureContextCost } from "./contextCost.mjs";
import { measureLatency } from "./deliveryLatency.mjs";
import { inProcessFloor } from "./inProcessFloor.mjs";
import { cpuFigures, withCpuPerRequest } from "./processCpu.mjs";

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const logLevel = process.env.BENCH_LOG_LEVEL ?? "warn";
const synchronous = process.env.SQLITE_SYNCHRONOUS ?? "FULL";
const value = JSON.stringify({ value: "x".repeat(100) });
const now = createWallClock();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function load(url, duration, concurrency = connections) {
  let n = 0;
  return autocannon({
    url,
    connections: concurrency,
    duration,
    requests: [
      {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: value,
        setupRequest: (request) => ({ ...request, path: `/kv/k${n++ % 1000}` }),
      },
    ],
  });
}

const mean = (values) => values.reduce((sum, v) => sum + v, 0) / values.length;

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  const [barePort] = await freePorts(1);
  const root = mkdtempSync(join(tmpdir(), "causal-kv-bench-"));
  try {
    const bareProcess = start(["--input-type=module", "-e", bareServer], {
      PORT: String(barePort),
    });
    const { urls, children: replicaProcesses } = await startReplicaCluster(root, {
      env: { LOG_LEVEL: logLevel, SQLITE_SYNCHRONOUS: synchronous },
    });
    const bareUrl = `http://127.0.0.1:${barePort}`;
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Latency first, on a cluster that has not just absorbed the throughput runs' writes: for
    // seconds after them, the kernel's writeback of those writes stalls every disk sync on the
    // machine (seen: the syncs of all three replicas taking 66-131 ms at the same instant).
    const writes = 100 * seconds;
    const { latencies, observed, floor } = await measureLatency(urls, bareUrl, writes);

    // Throughput: warm both up, then measure the ceiling and the replica in the same run.
    await load(bareUrl, 1);
    await load(urls[0], 1);
    const bareRun = await withCpuPerRequest([bareProcess.pid], () => load(bareUrl, seconds));
    const replicaRun = await withCpuPerRequest(
      replicaProcesses.map((child) => child.pid),
      () => load(urls[0], seconds),
    );
    const [bare, replica] = [bareRun.result, replicaRun.result];
    const manyWriters = 100;
    const bareMany = await load(bareUrl, seconds, manyWriters);
    const replicaMany = await load(urls[0], seconds, manyWriters);

    // Streaming cost: without and with a dashboard, twice each, alternated.
    const plainRuns = [];
    const streamingRuns = [];
    const streamedPerSec = [];
    for (let round = 0; round < 2; round++) {
      plainRuns.push((await load(urls[0], seconds)).requests.average);
      const dashboard = await startDashboard(urls);
      const startedAt = now();
      const streaming = await load(urls[0], seconds);
      const events = await dashboard.stop();
      streamedPerSec.push(events / ((now() - startedAt) / 1000));
      streamingRuns.push(streaming.requests.average);
    }
    const contexts = await measureContextCost(
      urls[0],
      seconds,
      connections,
      replicaProcesses[0].pid,
    );
    const loadEnded = now();
    let catchUpMs;
    for (;;) {
      const status = await (await fetch(`${urls[0]}/status`)).json();
      if (Object.values(status.unacknowledged).every((count) => count === 0)) {
        catchUpMs = now() - loadEnded;
        break;
      }
      await sleep(20);
    }
    const statuses = await Promise.all(
      urls.map(async (url) => (await fetch(`${url}/status`)).json()),
    );
    const converged = statuses.every(
      (status) => JSON.stringify(status.store) === JSON.stringify(statuses[0].store),
    );

    const latencyP = (p) => percentile(latencies, p) ?? Number.NaN;
    const figures = [
      ratioFigure({
        name: "replica PUT throughput (node1, replicating to 2 peers)",
        value: replica.requests.average,
        unit: "req/s",
        baselineName: "bare node:http JSON server",
        baselineValue: bare.requests.average,
        target: "ratio ≥ 0.5",
        pass: (ratio) => ratio >= 0.5,
      }),
      boundFigure({
        name: "write→deliver latency p50 at 100 writes/s",
        value: latencyP(50),
        unit: "ms",
        target: "",
        pass: () => latencies.length === writes * 2,
      }),
      boundFigure({
        name: "write→deliver latency p99 at 100 writes/s",
        value: latencyP(99),
        unit: "ms",
        target: "≤ 5 ms",
        pass: (value) => value <= 5 && latencies.length === writes * 2,
      }),
      ratioFigure({
        name: "write→deliver latency p99, relative to a bare HTTP round trip p99",
        value: latencyP(99),
        unit: "ms",
        baselineName: "bare HTTP round trip p99, same pace",
        baselineValue: percentile(floor, 99) ?? Number.NaN,
        target: "",
        pass: () => true,
      }),
      ratioFigure({
        name: "replica PUT throughput with a dashboard streaming",
        value: mean(streamingRuns),
        unit: "req/s",
        baselineName: "same load, no dashboard",
        baselineValue: mean(plainRuns),
        target: "ratio ≥ 0.9 at ≥ 2,000 events/s",
        pass: (ratio) => ratio >= 0.9 && Math.min(...streamedPerSec) >= 2000,
      }),
      boundFigure({
        name: "events streamed to the dashboard during that load",
        value: mean(streamedPerSec),
        unit: "events/s",
        target: "≥ 2,000",
        pass: () => Math.min(...streamedPerSec) >= 2000,
      }),
    ];
    figures.push(
      ratioFigure({
        name: "replica PUT throughput with causal contexts",
        value: mean(contexts.withContext),
        unit: "req/s",
        baselineName: "same load, no context",
        baselineValue: mean(contexts.without),
        target: "ratio ≥ 0.95",
        pass: (ratio) => ratio >= 0.95 && contexts.failures === 0,
      }),
    );
    if (contexts.cpu.withContext.length > 0) {
      figures.push(
        ratioFigure({
          name: "node1 CPU per PUT with causal contexts",
          value: mean(contexts.cpu.withContext),
          unit: "µs",
          baselineName: "same load, no context",
          baselineValue: mean(contexts.cpu.without),
          target: "",
          pass: () => true,
        }),
      );
    }
    const [bareCpu, replicaCpu] = [bareRun.cpu, replicaRun.cpu];
    figures.push(...cpuFigures(bareCpu, replicaCpu, await inProcessFloor()));
    figures.push(
      ratioFigure({
        name: `replica PUT throughput at ${manyWriters} connections`,
        value: replicaMany.requests.average,
        unit: "req/s",
        baselineName: `bare node:http JSON server, ${manyWriters} connections`,
        baselineValue: bareMany.requests.average,
        target: "",
        pass: () => true,
      }),
    );
    const microseconds = (us) => (us === undefined ? undefined : Math.round(us));
    writeBenchReport("replica", figures, {
      cpuPerRequestUs: bareCpu &&
        replicaCpu && {
          bareServer: microseconds(bareCpu.servers[0]),
          bareLoadGenerator: microseconds(bareCpu.generator),
          node1: microseconds(replicaCpu.servers[0]),
          peers: replicaCpu.servers.slice(1).map(microseconds),
          replicaLoadGenerator: microseconds(replicaCpu.generator),
        },
      seconds,
      connections,
      synchronous,
      logLevel,
      replicaNon2xx: replica.non2xx + replica.errors,
      contextRunsReqPerSec: { without: contexts.without, withContext: contexts.withContext },
      contextRunsNode1CpuUs: contexts.cpu,
      contextRunFailures: contexts.failures,
      peersCaughtUpMs: Math.round(catchUpMs),
      converged,
      latencySamples: latencies.length,
      latencyExpected: writes * 2,
      observedP50Ms: percentile(observed, 50),
      observedP99Ms: percentile(observed, 99),
    });
    console.log(
      `peers caught up ${Math.round(catchUpMs)} ms after the load; converged: ${converged}; ` +
        `latency samples ${latencies.length}/${writes * 2}`,
    );
  } finally {
    killAll();
    rmSync(root, { recursive: true, force: true });
  }
}

runBench(main);
