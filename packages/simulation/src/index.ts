export { runSimulateCommand } from "./cli.js";
export type { FaultPlan } from "./faultPlan.js";
export { runSeeds, type SeedsSummary, summaryLine } from "./runSeeds.js";
export { type SimulationResult, simulateCluster } from "./simulateCluster.js";
