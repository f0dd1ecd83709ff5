export {
  causalChain,
  concurrentWrites,
  crashAndRecover,
  independentWrites,
  outOfOrderArrival,
  partitionAndHeal,
  scenarios,
} from "./catalog.js";
export { type Cluster, clusterOf, resetCluster } from "./cluster.js";
export {
  collect,
  naiveRunNotice,
  runScenario,
  type ScenarioObserver,
  type ScenarioResult,
  type ScenarioRunOptions,
  settle,
} from "./runScenario.js";
export type { Expectation, Scenario, ScenarioStep } from "./scenario.js";
export type { VerdictLine } from "./verdict.js";
export { ScenarioTimeout } from "./waitUntil.js";
