// The one StrykerJS setup `npm run mutate` uses for each package: below 80 % killed the run fails.
// Surviving mutants that cannot change behaviour are listed, with the reason, in each MUTANTS.md.

/**
 * @param {string} name the package folder under packages/, which also names its reports
 * @returns {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
export function mutationConfig(name) {
  const reports = `../../reports/mutation/${name}`;
  return {
    mutate: ["src/**/*.ts", "!src/**/*.test.ts", "!src/**/*.testkit.ts"],
    ignorePatterns: ["dist", "reports"],
    testRunner: "vitest",
    vitest: { configFile: "vitest.stryker.config.ts" },
    coverageAnalysis: "perTest",
    // Two cores, shared with other work: one test runner at a time.
    concurrency: 1,
    reporters: ["clear-text", "progress", "json", "html"],
    jsonReporter: { fileName: `${reports}/mutation.json` },
    htmlReporter: { fileName: `${reports}/mutation.html` },
    incrementalFile: `${reports}/incremental.json`,
    thresholds: { high: 90, low: 80, break: 80 },
  };
}
