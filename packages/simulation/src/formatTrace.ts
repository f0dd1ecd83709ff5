/** Prints a run for a human: the fault plan, then every journal event in time order, then verdicts. */
import { describeChange } from "@causal-kv/checker";
import { type JournalEvent, writeId } from "@causal-kv/core";
import { formatClients } from "./formatClients.js";
import type { SimulationResult } from "./simulationResult.js";

export function formatRun(result: SimulationResult): string[] {
  const { plan } = result;
  const lines = [
    `seed ${result.seed} (${result.mode} delivery), ${plan.writes.length} client writes, retransmit every ${plan.retransmitMs} ms`,
  ];
  for (const [link, f] of Object.entries(plan.links)) {
    lines.push(
      `  link ${link}: delay ${f.delayMs} ms + jitter ${f.jitterMs} ms, drop ${pct(f.dropRate)}, duplicate ${pct(f.duplicateRate)}`,
    );
  }
  for (const p of plan.partitions)
    lines.push(`  partition ${p.from}->${p.to} from ${p.startMs} to ${p.endMs} ms`);
  for (const c of plan.crashes)
    lines.push(`  crash ${c.replica} at ${c.atMs} ms for ${c.downMs} ms`);
  const events = Object.values(result.trace.journals)
    .flat()
    .sort((a, b) => a.time - b.time || a.replica.localeCompare(b.replica) || a.seq - b.seq);
  for (const event of events) lines.push(formatEvent(event));
  for (const v of result.violations) lines.push(`VIOLATION ${v.kind}: ${v.message}`);
  lines.push(...formatClients(result));
  const violations = result.violations.length + (result.clients?.violations.length ?? 0);
  lines.push(
    `seed ${result.seed}: ${events.length} events, ${violations} violations, quiescent at ${result.endedAtMs.toFixed(1)} ms`,
  );
  return lines;
}

export function formatEvent(event: JournalEvent): string {
  const clock = Object.entries(event.clock)
    .map(([id, n]) => `${id}:${n}`)
    .join(" ");
  const head = `${event.time.toFixed(1).padStart(8)} ms  ${event.replica} #${event.seq} ${event.type.padEnd(9)}`;
  return `${head} ${describe(event)}  [${clock}]`;
}

function describe(event: JournalEvent): string {
  switch (event.type) {
    case "mode":
      return `delivery ${event.mode}`;
    case "restart":
      return "back from a crash";
    case "catch-up":
      return `caught up from ${event.from}`;
    default: {
      const m = event.message;
      const what = `${writeId(m)} ${describeChange(m)}`;
      if (event.type === "buffer") return `${what}, waits for ${event.waitingFor.join(", ")}`;
      if (event.type === "deliver" && event.bufferedMs > 0)
        return `${what}, after ${event.bufferedMs.toFixed(1)} ms in the buffer`;
      if (event.type === "send") return `${what} to ${event.to.join(", ")}`;
      return what;
    }
  }
}

function pct(rate: number): string {
  return `${(rate * 100).toFixed(0)}%`;
}
