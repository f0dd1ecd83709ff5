/** Reads the simulate command's flags; returns an error sentence instead of throwing. */
import type { DeliveryMode } from "@causal-kv/core";

export interface SimulateArgs {
  readonly seeds: readonly number[];
  readonly mode: DeliveryMode;
  readonly replicas: number;
  readonly verbose: boolean;
  /** `--clients`: sessions hopping between replicas; `--no-context` drops their contexts. */
  readonly clients: { readonly contexts: boolean } | undefined;
}

export function parseSimulateArgs(argv: readonly string[]): SimulateArgs | { error: string } {
  let seeds: number[] = range(1, 300);
  let mode: DeliveryMode = "causal";
  let replicas = 3;
  let verbose = false;
  let clients = false;
  let contexts = true;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): number | undefined => {
      const n = Number(argv[++i]);
      return Number.isSafeInteger(n) && n >= 1 ? n : undefined;
    };
    if (flag === "--naive") mode = "naive";
    else if (flag === "--verbose") verbose = true;
    else if (flag === "--clients") clients = true;
    else if (flag === "--no-context") contexts = false;
    else if (flag === "--seeds" || flag === "--seed" || flag === "--replicas") {
      const n = value();
      if (n === undefined) return { error: `${flag} needs a whole number ≥ 1` };
      if (flag === "--seeds") seeds = range(1, n);
      else if (flag === "--seed") seeds = [n];
      else if (n < 2 || n > 26) return { error: "--replicas must be between 2 and 26" };
      else replicas = n;
    } else return { error: `unknown argument ${String(flag)}` };
  }
  if (!contexts && !clients) return { error: "--no-context is for --clients" };
  return { seeds, mode, replicas, verbose, clients: clients ? { contexts } : undefined };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
