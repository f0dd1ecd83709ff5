#!/usr/bin/env node
import { runSimulateCommand } from "./cli.js";

process.exitCode = runSimulateCommand(process.argv.slice(2), (line) => console.log(line));
