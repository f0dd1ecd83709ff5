#!/usr/bin/env node
/**
 * The `causal-kv` executable: wires runCli to the process (stdout, stderr, Ctrl-C, the environment)
 * and exits with its status. A second Ctrl-C leaves at once.
 */
import { createInterface } from "node:readline/promises";
import type { CliIo } from "./cliIo.js";
import { runCli } from "./runCli.js";

const interrupt = new AbortController();
process.on("SIGINT", () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
});
// A reader that went away (`| head`) is no error of ours.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
});

/** A question on the terminal, when there is one to ask it on. */
async function prompt(question: string, signal?: AbortSignal): Promise<string> {
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await terminal.question(question, signal ? { signal } : {});
  } finally {
    terminal.close();
  }
}

const io: CliIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  signal: interrupt.signal,
  ...(process.stdin.isTTY && process.stdout.isTTY ? { prompt } : {}),
};

const status = await runCli(process.argv.slice(2), io, process.env);
// Idle keep-alive connections would hold the exit back for seconds: leave once the output is out.
await Promise.all([process.stdout, process.stderr].map((s) => new Promise((r) => s.write("", r))));
process.exit(status);
