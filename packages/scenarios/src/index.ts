export {
  causalChain,
  concurrentWrites,
  crashAndRecover,
  independentWrites,
  outOfOrderArrival,
  partitionAndHeal,
  replyBeforePost,
  scenarios,
} from "./catalog.js";
export type { ClientExchange, ExchangeAnswer } from "./clientExchange.js";
export { historyOfExchanges, historyValue, withJournalWrites } from "./clientHistory.js";
export { ClientSessions, clientWaitMs } from "./clientSessions.js";
export { type Cluster, clusterOf, resetCluster } from "./cluster.js";
export { collect } from "./collect.js";
export {
  type HandAction,
  type HandWritten,
  type SavedRunNames,
  savedRunNames,
  scenarioFromHandActions,
} from "./handRecording.js";
export { type PaceSpeed, RunPacer } from "./runPacer.js";
export { naiveRunNotice, runScenario, type ScenarioResult } from "./runScenario.js";
export type { Expectation, Scenario, ScenarioStep } from "./scenario.js";
export { ScenarioFileError, scenarioFile, scenarioFromFile } from "./scenarioFromFile.js";
export type { AskedQuestion, ScenarioObserver } from "./scenarioObserver.js";
export type { ScenarioRunOptions } from "./scenarioRunOptions.js";
export { settle } from "./settle.js";
export type { VerdictLine } from "./verdict.js";
export { ScenarioTimeout } from "./waitUntil.js";
