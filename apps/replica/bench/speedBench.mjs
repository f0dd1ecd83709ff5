// Speed benchmark (run after `npm run build`): node1 of three causal-kv replicas, replicating
// durably to both peers, against two baselines measured in the same run with the same wrk load
// (keep-alive, small JSON writes to 1,000 keys): a three-member etcd cluster (consensus: a quorum
// round trip per write) and a bare node:http JSON server (the HTTP ceiling of this machine). Each
// connection count runs BENCH_ROUNDS times, alternating the systems so drift hits all of them; the
// figures are medians, the details keep min/median/max. Each run also reads the machine's CPU time
// per request (so causal-kv's cost per write is set against etcd's) and how busy node1's event loop
// was (a single thread's ceiling: near 100 %, only less work per write serves more). Then the same load with every replica in
// naive delivery, alternated with causal; then one run per process under `--cpu-prof`, whose
// top frames go into the report.
// Targets (issue: faster than a consensus store): causal-kv/etcd ≥ 3× at 10, 32 and 100
// connections with p99 ≤ etcd's; causal/naive ≥ 0.95 and naive no slower than causal; no drop in
// throughput from 32 to 100 connections.
// Env: BENCH_SECONDS (5), BENCH_ROUNDS (3), BENCH_LOG_LEVEL (warn).
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { boundFigure, ratioFigure, writeBenchReport } from "../../../scripts/benchReport.mjs";
import {
  bareServer,
  freePorts,
  killAll,
  runBench,
  start,
  startReplicaCluster,
  waitForHealth,
} from "./benchProcesses.mjs";
import { topFrames } from "./cpuProfileSummary.mjs";
import { etcdMissing, findEtcd, startEtcdCluster } from "./etcdCluster.mjs";
import { machineBusyMs, processCpuMs } from "./processCpu.mjs";
import { findWrk, wrkMissing, wrkPut } from "./wrkLoad.mjs";

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const logLevel = process.env.BENCH_LOG_LEVEL ?? "warn";
const connectionCounts = [10, 32, 100];
const adminToken = "bench-admin-token-".padEnd(40, "x");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const spread = (values) => ({
  min: Math.min(...values),
  median: median(values),
  max: Math.max(...values),
});

/** Three replicas under `root`; with `profileDir`, each writes a CPU profile when it exits. */
function startReplicas(root, profileDir) {
  return startReplicaCluster(root, {
    env: { LOG_LEVEL: logLevel, ADMIN_TOKEN: adminToken },
    nodeArgs: (i) =>
      profileDir ? ["--cpu-prof", `--cpu-prof-dir=${join(profileDir, `node${i + 1}`)}`] : [],
  });
}

async function setDelivery(urls, delivery) {
  for (const url of urls) {
    const response = await fetch(`${url}/control/mode`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ delivery }),
    });
    if (!response.ok)
      throw new Error(`${url} refused delivery ${delivery}: ${await response.text()}`);
  }
}

/** The etcd member that leads, so writes need no forwarding hop. */
async function etcdLeader(urls) {
  for (const url of urls) {
    const status = await (
      await fetch(`${url}/v3/maintenance/status`, { method: "POST", body: "{}" })
    ).json();
    if (status.header?.member_id === status.leader) return url;
  }
  return urls[0];
}

/** Stops `children` with SIGTERM so that each writes its profile, and waits for them. */
async function stopGracefully(children) {
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          child.once("exit", resolve);
          child.kill("SIGTERM");
        }),
    ),
  );
}

/**
 * One wrk run, with the machine's CPU time per request (all cores: the system measured, wrk, the
 * kernel; the other systems sit idle meanwhile) and, for `eventLoopPid`, how busy its main thread
 * was: the share of one core a single-threaded server can never pass.
 */
async function measuredRun(wrk, target, connections, eventLoopPid) {
  const machineBefore = machineBusyMs();
  const loopBefore = eventLoopPid && processCpuMs(eventLoopPid, { mainThread: true });
  const startedAt = performance.now();
  const result = await wrkPut({ wrk, ...target, connections, seconds });
  const wallMs = performance.now() - startedAt;
  const machineAfter = machineBusyMs();
  const loopAfter = eventLoopPid && processCpuMs(eventLoopPid, { mainThread: true });
  const requests = Math.max(1, result.requests);
  return {
    ...result,
    machineCpuUs:
      machineBefore === undefined || machineAfter === undefined
        ? undefined
        : ((machineAfter - machineBefore) * 1000) / requests,
    eventLoopBusy:
      loopBefore === undefined || loopAfter === undefined
        ? undefined
        : (loopAfter - loopBefore) / wallMs,
  };
}

async function main() {
  const wrk = findWrk();
  if (!wrk) throw new Error(wrkMissing);
  const etcd = findEtcd();
  if (!etcd) console.log(`speed: ${etcdMissing}`);
  const root = mkdtempSync(join(tmpdir(), "causal-kv-speed-"));
  try {
    const [barePort] = await freePorts(1);
    start(["--input-type=module", "-e", bareServer], { PORT: String(barePort) });
    const bareUrl = `http://127.0.0.1:${barePort}`;
    // The bare server has no /health: it answers any PUT, so a PUT that answers means it is up.
    await waitForHealth(bareUrl, (url) =>
      fetch(`${url}/kv/warm`, { method: "PUT", body: '{"value":"x"}' }),
    );
    const { urls, children } = await startReplicas(join(root, "replicas"));
    const etcdUrl = etcd
      ? await etcdLeader(await startEtcdCluster(etcd, join(root, "etcd")))
      : undefined;
    const systems = [
      ["bare", { url: bareUrl, api: "kv" }],
      ["causal", { url: urls[0], api: "kv", eventLoopPid: children[0]?.pid }],
      ...(etcdUrl ? [["etcd", { url: etcdUrl, api: "etcd" }]] : []),
    ];

    // Warm-up: JIT, SQLite page cache, etcd's first elections settled.
    for (const [, { url, api }] of systems) {
      await wrkPut({ wrk, url, api, connections: 10, seconds: 2 });
    }

    const runs = {};
    for (const connections of connectionCounts) {
      for (let round = 0; round < rounds; round++) {
        for (const [name, { url, api, eventLoopPid }] of systems) {
          const result = await measuredRun(wrk, { url, api }, connections, eventLoopPid);
          const key = `${name}@${connections}`;
          runs[key] = [...(runs[key] ?? []), result];
          console.log(
            `speed: ${name} at ${connections} connections: ${Math.round(result.requestsPerSecond)} req/s, p99 ${result.p99Ms} ms${result.errors ? `, ${result.errors} errors` : ""}`,
          );
        }
      }
    }
    // The order alternates (naive first, then causal first, …), an even number of rounds: the
    // first run after a heavy one meets the backlog it left (replication, the disk's writeback),
    // and with naive always first that cost fell on naive alone. Loaded with 140k writes, then
    // run causal, naive, naive, causal…, a cluster's first run was the slowest of the eight
    // (causal: 1,286 req/s, the next five 1,879-2,013). Alternated, two runs of this bench on a
    // loaded machine still read naive/causal 0.98 and 0.83, though naive does no more work than
    // causal anywhere (it only skips the peers' causal check): that part is not explained yet.
    const naiveRuns = { causal: [], naive: [] };
    for (let round = 0; round < 2 * Math.ceil(rounds / 2); round++) {
      for (const delivery of round % 2 === 0 ? ["naive", "causal"] : ["causal", "naive"]) {
        await setDelivery(urls, delivery);
        await sleep(200);
        const result = await wrkPut({ wrk, url: urls[0], api: "kv", connections: 32, seconds });
        naiveRuns[delivery].push(result);
        console.log(
          `speed: ${delivery} delivery at 32 connections: ${Math.round(result.requestsPerSecond)} req/s`,
        );
      }
    }
    await stopGracefully(children);

    // One more cluster, each process under the CPU profiler for one run at 32 connections.
    const profileDir = join(root, "profiles");
    mkdirSync(profileDir);
    const profiled = await startReplicas(join(root, "profiled"), profileDir);
    // The profile covers the whole process, start-up included: a warm-up and a longer run keep
    // module loading to a few per cent of the samples.
    await wrkPut({ wrk, url: profiled.urls[0], api: "kv", connections: 10, seconds: 2 });
    await wrkPut({
      wrk,
      url: profiled.urls[0],
      api: "kv",
      connections: 32,
      seconds: Math.max(seconds, 10),
    });
    await stopGracefully(profiled.children);
    const profiles = Object.fromEntries(
      ["node1", "node2", "node3"].map((id) => {
        const dir = join(profileDir, id);
        // One profile per thread (CPU.<date>.<time>.<pid>.<thread>.<n>): the main thread is 0; the
        // checkpoint worker's would otherwise be read as often as not (directory order).
        const file = readdirSync(dir).find((name) => /\.\d+\.0\.\d+\.cpuprofile$/.test(name));
        return [id, file ? topFrames(join(dir, file)) : { error: "no profile written" }];
      }),
    );
    for (const [id, summary] of Object.entries(profiles)) {
      console.log(
        `\nspeed: ${id}'s top frames (self time, ${Math.round((summary.busyShare ?? 0) * 100)} % busy)`,
      );
      for (const { frame, share } of summary.frames ?? [])
        console.log(`  ${(share * 100).toFixed(1).padStart(5)} %  ${frame}`);
      console.log(`speed: ${id}'s own functions (inclusive time)`);
      for (const { frame, share } of summary.ownInclusive ?? [])
        console.log(`  ${(share * 100).toFixed(1).padStart(5)} %  ${frame}`);
    }

    const rps = (key) => median((runs[key] ?? []).map((run) => run.requestsPerSecond));
    const p99 = (key) => median((runs[key] ?? []).map((run) => run.p99Ms));
    const machineCpu = (key) => median((runs[key] ?? []).map((run) => run.machineCpuUs ?? NaN));
    const figures = [];
    for (const connections of connectionCounts) {
      if (etcdUrl) {
        figures.push(
          ratioFigure({
            name: `causal-kv node1 writes at ${connections} connections`,
            value: rps(`causal@${connections}`),
            unit: "req/s",
            baselineName: "etcd ×3, same load",
            baselineValue: rps(`etcd@${connections}`),
            target: "ratio ≥ 3",
            pass: (ratio) => ratio >= 3,
          }),
          ratioFigure({
            name: `causal-kv p99 at ${connections} connections`,
            value: p99(`causal@${connections}`),
            unit: "ms",
            baselineName: "etcd ×3 p99, same load",
            baselineValue: p99(`etcd@${connections}`),
            target: "ratio ≤ 1",
            pass: (ratio) => ratio <= 1,
          }),
        );
      }
      if (etcdUrl && Number.isFinite(machineCpu(`causal@${connections}`))) {
        // Where the ceiling is: a causal-kv write may cost the machine less than etcd's and still
        // be served slower, while node1's event loop is the one busy thread.
        figures.push(
          ratioFigure({
            name: `machine CPU per causal-kv write at ${connections} connections`,
            value: machineCpu(`causal@${connections}`),
            unit: "µs",
            baselineName: "per etcd write, same load",
            baselineValue: machineCpu(`etcd@${connections}`),
            target: "",
            pass: () => true,
          }),
          boundFigure({
            name: `node1's event loop busy at ${connections} connections`,
            value: Math.round(
              100 * median(runs[`causal@${connections}`].map((run) => run.eventLoopBusy ?? NaN)),
            ),
            unit: "% of a core",
            target: "",
            pass: () => true,
          }),
        );
      }
      figures.push(
        ratioFigure({
          name: `causal-kv node1 writes at ${connections} connections, against HTTP alone`,
          value: rps(`causal@${connections}`),
          unit: "req/s",
          baselineName: "bare node:http JSON server",
          baselineValue: rps(`bare@${connections}`),
          target: "",
          pass: () => true,
        }),
      );
    }
    const causal = median(naiveRuns.causal.map((run) => run.requestsPerSecond));
    const naive = median(naiveRuns.naive.map((run) => run.requestsPerSecond));
    figures.push(
      ratioFigure({
        name: "causal delivery throughput (the cost of causality)",
        value: causal,
        unit: "req/s",
        baselineName: "naive delivery, same load",
        baselineValue: naive,
        target: "ratio ≥ 0.95",
        pass: (ratio) => ratio >= 0.95,
      }),
      ratioFigure({
        name: "naive delivery throughput",
        value: naive,
        unit: "req/s",
        baselineName: "causal delivery, same load",
        baselineValue: causal,
        // "No slower", within the spread of alternated runs on a shared machine.
        target: "ratio ≥ 0.97",
        pass: (ratio) => ratio >= 0.97,
      }),
      ratioFigure({
        name: "causal-kv writes at 100 connections",
        value: rps("causal@100"),
        unit: "req/s",
        baselineName: "at 32 connections",
        baselineValue: rps("causal@32"),
        target: "ratio ≥ 0.97 (no drop)",
        pass: (ratio) => ratio >= 0.97,
      }),
      boundFigure({
        name: "errors under load (all runs)",
        value: Object.values(runs)
          .flat()
          .reduce((sum, run) => sum + run.errors, 0),
        unit: "",
        target: "= 0",
        pass: (value) => value === 0,
      }),
    );
    writeBenchReport("speed", figures, {
      seconds,
      rounds,
      etcd: etcd ? "3.4 (Debian etcd-server), three members on loopback" : etcdMissing,
      runs: Object.fromEntries(
        Object.entries(runs).map(([key, list]) => [
          key,
          {
            requestsPerSecond: spread(list.map((run) => Math.round(run.requestsPerSecond))),
            p99Ms: spread(list.map((run) => run.p99Ms)),
            machineCpuUsPerRequest: spread(list.map((run) => Math.round(run.machineCpuUs ?? NaN))),
          },
        ]),
      ),
      delivery: {
        causal: spread(naiveRuns.causal.map((run) => Math.round(run.requestsPerSecond))),
        naive: spread(naiveRuns.naive.map((run) => Math.round(run.requestsPerSecond))),
      },
      profiles,
    });
  } finally {
    killAll();
    rmSync(root, { recursive: true, force: true });
  }
}

runBench(main);
