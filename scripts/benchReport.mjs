// The one shape every benchmark suite reports in: figures, each with the baseline it was measured
// against in the same run, their ratio and the target. `npm run bench` (scripts/bench.mjs) reads
// these files and prints them as one table.
import { mkdirSync, writeFileSync } from "node:fs";

export const benchReportDir = new URL("../reports/bench/", import.meta.url);

/**
 * @typedef {{ name: string, value: number, unit: string,
 *   baseline?: { name: string, value: number }, ratio?: number,
 *   target: string, pass: boolean }} BenchFigure
 */

/**
 * A figure measured against a baseline: `ratio` is value / baseline. `target` reads like "≥ 0.5";
 * `pass` says whether this run met it.
 * @returns {BenchFigure}
 */
export function ratioFigure({ name, value, unit, baselineName, baselineValue, target, pass }) {
  const ratio = baselineValue === 0 ? Number.NaN : value / baselineValue;
  return {
    name,
    value: round(value),
    unit,
    baseline: { name: baselineName, value: round(baselineValue) },
    ratio: round(ratio, 3),
    target,
    pass: pass(ratio, value),
  };
}

/**
 * A figure with a fixed target and no baseline to divide by (a latency bound, a frame budget).
 * @returns {BenchFigure}
 */
export function boundFigure({ name, value, unit, target, pass }) {
  return { name, value: round(value), unit, target, pass: pass(value) };
}

/** Writes `reports/bench/<suite>.json` and prints the suite's rows. */
export function writeBenchReport(suite, figures, details = {}) {
  mkdirSync(benchReportDir, { recursive: true });
  const report = { suite, at: new Date().toISOString(), figures, details };
  writeFileSync(new URL(`${suite}.json`, benchReportDir), `${JSON.stringify(report, null, 2)}\n`);
  console.table(
    Object.fromEntries(
      figures.map((f) => [
        f.name,
        {
          value: `${f.value} ${f.unit}`,
          baseline: f.baseline ? `${f.baseline.value} (${f.baseline.name})` : "",
          ratio: f.ratio ?? "",
          target: f.target,
          pass: f.pass ? "yes" : "NO",
        },
      ]),
    ),
  );
  return report;
}

function round(value, digits = 2) {
  return Number.isFinite(value) ? Number(value.toFixed(digits)) : value;
}
