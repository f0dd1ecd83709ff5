#!/usr/bin/env node
/** The `npm run chaos` entry point: flags in, report lines out, exit 0 / 1 / 2 (see cli.ts). */
import { runChaosCommand } from "./cli.js";

// Ctrl-C ends the soak; the exit handler kills every replica it started.
process.on("SIGINT", () => process.exit(130));
process.on("SIGTERM", () => process.exit(143));

runChaosCommand(process.argv.slice(2), (line) => console.log(line)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`chaos: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
