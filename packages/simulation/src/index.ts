export { runSimulateCommand } from "./cli.js";
export type { FaultPlan } from "./faultPlan.js";
export { runSeeds, type SeedsSummary, summaryLine } from "./runSeeds.js";
export { simulateCluster } from "./simulateCluster.js";
export type { SimulationResult } from "./simulationResult.js";
