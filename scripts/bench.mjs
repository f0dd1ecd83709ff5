// `npm run bench`: every benchmark suite in one go, then one table of every figure as a ratio
// against the baseline measured in the same run. Writes reports/bench/results.json and compares it
// with the previous run's file, if there is one. Exits 1 if a suite fails or a target is missed.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { benchReportDir } from "./benchReport.mjs";

const root = new URL("..", import.meta.url).pathname;
const suites = [
  { suite: "core", workspace: "@causal-kv/core", what: "causal buffer and delivery rule" },
  { suite: "replica", workspace: "@causal-kv/replica", what: "replica processes over HTTP" },
  {
    suite: "speed",
    workspace: "@causal-kv/replica",
    script: "bench:speed",
    what: "causal-kv against etcd and bare node:http, with wrk",
  },
  {
    suite: "footprint",
    workspace: "@causal-kv/replica",
    script: "bench:footprint",
    what: "replica disk and memory under steady writes",
  },
  { suite: "web", workspace: "@causal-kv/web", what: "dashboard in Chromium" },
].filter(({ workspace, script = "bench" }) => {
  const dir = workspace.replace("@causal-kv/", "");
  const manifest = ["packages", "apps"]
    .map((parent) => `${root}${parent}/${dir}/package.json`)
    .find((path) => existsSync(path));
  return manifest !== undefined && JSON.parse(readFileSync(manifest, "utf8")).scripts?.[script];
});

const run = (command, args) =>
  spawnSync(command, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  }).status;

const filters = suites.map(({ workspace }) => `--filter=${workspace}`);
if (run("npx", ["turbo", "run", "build", ...filters, "--output-logs=errors-only"]) !== 0) {
  console.error("bench: the build failed");
  process.exit(1);
}

const resultsFile = new URL("results.json", benchReportDir);
const previousFile = new URL("previous.json", benchReportDir);
if (existsSync(resultsFile)) renameSync(resultsFile, previousFile);

const failedSuites = [];
const reports = [];
for (const { suite, workspace, what, script = "bench" } of suites) {
  console.log(`\n== ${suite}: ${what}`);
  const reportFile = new URL(`${suite}.json`, benchReportDir);
  rmSync(reportFile, { force: true });
  const status = run("npm", ["run", script, `--workspace=${workspace}`]);
  if (status !== 0 || !existsSync(reportFile)) failedSuites.push(suite);
  if (existsSync(reportFile)) reports.push(JSON.parse(readFileSync(reportFile, "utf8")));
}

const previous = existsSync(previousFile)
  ? JSON.parse(readFileSync(previousFile, "utf8"))
  : undefined;
const previousRatio = (suite, name) =>
  previous?.reports
    ?.find((report) => report.suite === suite)
    ?.figures.find((figure) => figure.name === name)?.ratio;

const rows = reports.flatMap(({ suite, figures }) =>
  figures.map((figure) => {
    const before = previousRatio(suite, figure.name);
    return {
      suite,
      figure: figure.name,
      value: `${figure.value} ${figure.unit}`,
      baseline: figure.baseline ? `${figure.baseline.value} ${figure.baseline.name}` : "",
      ratio: figure.ratio ?? "",
      "last run": before ?? "",
      target: figure.target,
      met: figure.pass ? "yes" : "NO",
    };
  }),
);
console.log("\n== all figures");
console.table(rows);

const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model };
writeFileSync(
  resultsFile,
  `${JSON.stringify({ at: new Date().toISOString(), machine, reports }, null, 2)}\n`,
);
console.log(`results: ${new URL(resultsFile).pathname}`);

const missed = rows.filter((row) => row.met !== "yes");
if (failedSuites.length > 0) console.error(`suites that failed: ${failedSuites.join(", ")}`);
if (missed.length > 0) console.error(`targets missed: ${missed.map((r) => r.figure).join("; ")}`);
process.exitCode = failedSuites.length > 0 || missed.length > 0 ? 1 : 0;
