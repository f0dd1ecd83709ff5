// Mutation testing of @causal-kv/core (`npm run mutate`): below 80 % killed the run fails.
// Surviving mutants that cannot change behaviour are listed, with the reason, in MUTANTS.md.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  mutate: ["src/**/*.ts", "!src/**/*.test.ts", "!src/**/*.testkit.ts"],
  ignorePatterns: ["dist", "reports"],
  testRunner: "vitest",
  vitest: { configFile: "vitest.stryker.config.ts" },
  coverageAnalysis: "perTest",
  // Two cores, shared with other work: one test runner at a time.
  concurrency: 1,
  reporters: ["clear-text", "progress", "json", "html"],
  jsonReporter: { fileName: "../../reports/mutation/core/mutation.json" },
  htmlReporter: { fileName: "../../reports/mutation/core/mutation.html" },
  incrementalFile: "../../reports/mutation/core/incremental.json",
  thresholds: { high: 90, low: 80, break: 80 },
};
