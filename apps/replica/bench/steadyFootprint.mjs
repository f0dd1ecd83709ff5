// Footprint benchmark (run after `npm run build`): three real replica processes take a steady 500
// writes/s (overwrites of 1,000 keys, 256-byte values, spread over the replicas) for
// BENCH_FOOTPRINT_SECONDS (600). Every 5 s each replica's data directory and resident memory are
// sampled. The figures divide the size at the end by the size after the first minute, per replica,
// worst replica shown: a replica that bounds its journal and checkpoints its WAL stays flat (≤ 1.2).
// The data directory holds the database file and its WAL. The database file is the part that grows
// with what the replica keeps, so it gets a figure of its own. The WAL is SQLite's slack: it keeps
// the largest size it has reached, up to the limit at which checkpoints restart it. How high it has
// climbed by the first minute is a matter of chance, so its largest size is set against that limit.
// Env: BENCH_FOOTPRINT_SECONDS (600), BENCH_FOOTPRINT_RATE (500), BENCH_LOG_LEVEL (warn).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ratioFigure, writeBenchReport } from "../../../scripts/benchReport.mjs";
import { walLimit } from "../dist/storage/walCheckpointer.js";
import { killAll, runBench, startReplicaCluster } from "./benchProcesses.mjs";

const seconds = Number(process.env.BENCH_FOOTPRINT_SECONDS ?? 600);
const rate = Number(process.env.BENCH_FOOTPRINT_RATE ?? 500);
const logLevel = process.env.BENCH_LOG_LEVEL ?? "warn";
const sampleEveryMs = 5000;
/** The first minute, or a sixth of a shorter run: the baseline each later size is divided by. */
const baselineAtMs = Math.min(60_000, (seconds * 1000) / 6);
const body = (n) => JSON.stringify({ value: `${n}:`.padEnd(256, "v") });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A file's size; 0 if it is gone (a checkpoint can remove the WAL between listing and stat). */
function fileBytes(path) {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function directoryBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? directoryBytes(path) : fileBytes(path);
  }
  return total;
}

/** The `code` of an `{ error: { code, message } }` reply, or what the reply began with. */
function errorCode(reply) {
  try {
    return JSON.parse(reply).error.code;
  } catch {
    return reply.slice(0, 80);
  }
}

/** A replica's resident memory; a replica that has exited ends the run, saying which. */
function residentBytes(child, index) {
  const ended = child.signalCode ?? child.exitCode;
  if (ended !== null) throw new Error(`node${index + 1} exited during the run (${ended})`);
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1];
  return Number(kib) * 1024;
}

/**
 * PUT at `rate` per second, open loop; resolves with how many were acknowledged and refused, and
 * why each refused one was: its status and error code, or the socket error's code.
 */
function steadyWrites(urls, durationMs) {
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const tally = { acknowledged: 0, failed: 0, failures: {} };
  const failedWith = (reason) => {
    tally.failed++;
    tally.failures[reason] = (tally.failures[reason] ?? 0) + 1;
  };
  const startedAt = performance.now();
  const inFlight = new Set();
  return new Promise((resolve) => {
    let n = 0;
    const tick = () => {
      const elapsed = performance.now() - startedAt;
      if (elapsed >= durationMs) {
        Promise.all(inFlight).then(() => resolve(tally));
        return;
      }
      // Catch up to the schedule: each tick sends what the rate owes since the start.
      while (n < (elapsed / 1000) * rate) {
        const url = new URL(`/kv/k${n % 1000}`, urls[n % urls.length]);
        const payload = body(n++);
        const done = new Promise((settle) => {
          const req = request(
            url,
            { method: "PUT", agent, headers: { "content-type": "application/json" } },
            (res) => {
              let reply = "";
              res.setEncoding("utf8");
              res.on("data", (chunk) => {
                if (res.statusCode !== 200) reply += chunk;
              });
              res.on("end", () => {
                if (res.statusCode === 200) tally.acknowledged++;
                else failedWith(`${res.statusCode} ${errorCode(reply)}`);
                settle();
              });
            },
          );
          req.on("error", (error) => {
            failedWith(`socket ${error.code ?? error.message}`);
            settle();
          });
          req.end(payload);
        });
        inFlight.add(done);
        done.then(() => inFlight.delete(done));
      }
      setTimeout(tick, 10);
    };
    tick();
  });
}

async function main() {
  const root = mkdtempSync(join(tmpdir(), "causal-kv-footprint-"));
  try {
    const {
      urls,
      dataDirs,
      children: replicas,
    } = await startReplicaCluster(root, { env: { LOG_LEVEL: logLevel } });
    const samples = [];
    const startedAt = performance.now();
    let samplingFailed;
    const sampler = setInterval(() => {
      try {
        sample();
      } catch (error) {
        samplingFailed = error;
        clearInterval(sampler);
      }
    }, sampleEveryMs);
    const sample = () => {
      const wal = dataDirs.map((dir) => fileBytes(join(dir, "replica.sqlite-wal")));
      const dataBytes = dataDirs.map(directoryBytes);
      samples.push({
        atMs: Math.round(performance.now() - startedAt),
        dataBytes,
        walBytes: wal,
        databaseBytes: dataBytes.map((bytes, i) => bytes - wal[i]),
        rssBytes: replicas.map(residentBytes),
      });
    };
    console.log(`footprint: ${rate} writes/s for ${seconds} s on three replicas…`);
    const tally = await steadyWrites(urls, seconds * 1000);
    if (tally.failed > 0) console.log(`footprint: ${tally.failed} writes failed:`, tally.failures);
    await sleep(sampleEveryMs);
    clearInterval(sampler);
    if (samplingFailed) throw samplingFailed;
    const baseline = samples.find((sample) => sample.atMs >= baselineAtMs) ?? samples[0];
    const last = samples.at(-1);
    const worst = (field) =>
      [0, 1, 2]
        .map((i) => ({ at: last[field][i], base: baseline[field][i], replica: `node${i + 1}` }))
        .sort((a, b) => b.at / b.base - a.at / a.base)[0];
    const largestWal = Math.max(...samples.flatMap((sample) => sample.walBytes));
    const mib = (bytes) => bytes / 1024 / 1024;
    const minutes = (ms) => `${(ms / 60_000).toFixed(1)} min`;
    /** A size at the end against the same replica's at the baseline, worst replica: flat is ≤ 1.2. */
    const flatSinceBaseline = (what, field) => {
      const worstReplica = worst(field);
      return ratioFigure({
        name: `${what} after ${minutes(last.atMs)} at ${rate} writes/s (${worstReplica.replica})`,
        value: mib(worstReplica.at),
        unit: "MiB",
        baselineName: `same replica after ${minutes(baseline.atMs)}`,
        baselineValue: mib(worstReplica.base),
        target: "ratio ≤ 1.2",
        pass: (ratio) => ratio <= 1.2,
      });
    };
    writeBenchReport(
      "footprint",
      [
        flatSinceBaseline("data directory", "dataBytes"),
        flatSinceBaseline("database file (the data directory without its WAL)", "databaseBytes"),
        ratioFigure({
          name: "largest WAL file, any replica, any sample",
          value: mib(largestWal),
          unit: "MiB",
          baselineName: "the size past which checkpoints restart it",
          baselineValue: mib(walLimit),
          // Past the limit, the next round (100 ms later) restarts it: one round's frames over.
          target: "ratio ≤ 1.25",
          pass: (ratio) => ratio <= 1.25,
        }),
        flatSinceBaseline("resident memory", "rssBytes"),
        ratioFigure({
          name: "writes acknowledged per second",
          value: tally.acknowledged / seconds,
          unit: "writes/s",
          baselineName: "writes sent per second",
          baselineValue: rate,
          target: "ratio ≥ 0.99",
          pass: (ratio) => ratio >= 0.99 && tally.failed === 0,
        }),
      ],
      {
        seconds,
        rate,
        failed: tally.failed,
        failures: tally.failures,
        samples: samples.map(({ atMs, dataBytes, walBytes, rssBytes }) => ({
          atMs,
          dataMiB: dataBytes.map((b) => Number(mib(b).toFixed(1))),
          walMiB: walBytes.map((b) => Number(mib(b).toFixed(1))),
          rssMiB: rssBytes.map((b) => Number(mib(b).toFixed(1))),
        })),
      },
    );
  } finally {
    killAll();
    rmSync(root, { recursive: true, force: true });
  }
}

runBench(main);
