// Adds up the JSON reports that this run's test tools wrote under reports/ and prints one closing
// line, `N passed, N failed`; exits 1 if anything failed or if no test ran at all.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../reports/", import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
for (const dir of ["vitest", "playwright"]) {
  let files = [];
  try {
    files = readdirSync(join(root, dir)).filter((f) => f.endsWith(".json"));
  } catch {
    continue;
  }
  for (const file of files) {
    const report = JSON.parse(readFileSync(join(root, dir, file), "utf8"));
    if (dir === "vitest") {
      passed += report.numPassedTests ?? 0;
      failed += (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
      skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    } else {
      passed += report.stats?.expected ?? 0;
      failed += (report.stats?.unexpected ?? 0) + (report.stats?.flaky ?? 0);
      skipped += report.stats?.skipped ?? 0;
    }
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
