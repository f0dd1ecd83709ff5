/**
 * Turns what happened into sentences a learner can check: each expectation of the scenario, then
 * the checker's judgement of the whole trace (causal order, nothing lost twice or at all, converged).
 */
import {
  type ClientHistory,
  checkClientHistory,
  checkTrace,
  describeChange,
  type Trace,
} from "@causal-kv/checker";
import {
  type DeliveryMode,
  happenedBefore,
  type WriteEvent,
  type WriteId,
  writeId,
} from "@causal-kv/core";
import type { StatusResponse } from "@causal-kv/protocol";
import { withJournalWrites } from "./clientHistory.js";
import type { Expectation } from "./scenario.js";

export interface VerdictLine {
  readonly ok: boolean;
  readonly text: string;
}

/** What a check is judged on: the trace, the replicas' states, the labels, what clients saw. */
export interface CheckInput {
  readonly trace: Trace;
  readonly statuses: readonly StatusResponse[];
  readonly labels: ReadonlyMap<string, WriteId>;
  readonly clients?: ClientHistory;
}

export function judgeExpectation(expect: Expectation, input: CheckInput): VerdictLine {
  const { trace, statuses, labels } = input;
  switch (expect.kind) {
    case "buffered": {
      const journal = trace.journals[expect.at] ?? [];
      const write = labels.get(expect.write);
      const until = labels.get(expect.until);
      const name = (id: WriteId | undefined) => nameOf(trace, id);
      const delivered = journal.findIndex(
        (e) => e.type === "deliver" && writeId(e.message) === write,
      );
      const event = journal[delivered];
      if (event?.type !== "deliver") {
        return { ok: false, text: `${expect.at} never applied ${name(write)}` };
      }
      // Order is judged before buffering: a naive replica applies on arrival, never buffers,
      // and what it must be told is that it broke causal order.
      const cause = journal.findIndex(
        (e) => (e.type === "deliver" || e.type === "write") && writeId(e.message) === until,
      );
      if (cause < 0 || cause > delivered) {
        return {
          ok: false,
          text: `${expect.at} applied ${name(write)} before ${name(until)}: causal order broken`,
        };
      }
      const buffered = journal.some((e) => e.type === "buffer" && writeId(e.message) === write);
      if (!buffered) {
        return {
          ok: false,
          text: `${expect.at} never buffered ${name(write)}: it arrived after ${name(until)}, so there was nothing to wait for`,
        };
      }
      return {
        ok: true,
        text: `${expect.at} buffered ${name(write)} for ${seconds(event.bufferedMs)} until ${name(until)} arrived: causal order kept`,
      };
    }
    case "siblings": {
      const counts = statuses.map((s) => s.store[expect.key]?.length ?? 0);
      const ok = counts.every((n) => n === expect.count);
      const values = (statuses[0]?.store[expect.key] ?? [])
        .map((s) => s.value ?? "(deleted)")
        .join(" | ");
      if (!ok)
        return {
          ok,
          text: `${expect.key} has ${counts.join(", ")} siblings across the replicas, expected ${expect.count} everywhere`,
        };
      return expect.count > 1
        ? {
            ok,
            text: `${expect.count === 2 ? "both values" : `all ${expect.count} values`} kept as siblings: every replica has ${expect.key} = ${values} (conflict)`,
          }
        : {
            ok,
            text: `the later write resolved the conflict: ${expect.key} = ${values} everywhere`,
          };
    }
    case "concurrent":
      return judgeConcurrent(expect.writes, trace, labels);
    case "depends": {
      const write = writeEventOf(trace, labels.get(expect.write));
      const on = writeEventOf(trace, labels.get(expect.on));
      const name = (label: string) => nameOf(trace, labels.get(label));
      if (!write || !on)
        return { ok: false, text: `${expect.write} or ${expect.on} was never written` };
      return happenedBefore(on.message.clock, write.message.clock)
        ? {
            ok: true,
            text: `${write.replica} wrote ${name(expect.write)} only once it had ${name(expect.on)}: its clock counts it`,
          }
        : {
            ok: false,
            text: `${name(expect.write)} does not depend on ${name(expect.on)}: ${write.replica} wrote it without having it`,
          };
    }
    case "clients":
      return judgeClients(expect.keys, expect.finds, input);
    case "restarted": {
      const journal = trace.journals[expect.replica] ?? [];
      const at = journal.findIndex((e) => e.type === "restart");
      if (at < 0) return { ok: false, text: `${expect.replica} never restarted` };
      const caughtUp = journal.slice(at).filter((e) => e.type === "deliver").length;
      return {
        ok: true,
        text: `${expect.replica} restarted from disk and caught up on ${caughtUp} write${caughtUp === 1 ? "" : "s"} it missed`,
      };
    }
  }
}

/** The client checker on what the clients saw of `keys`: exactly the kinds expected, or none. */
function judgeClients(
  keys: readonly string[],
  expected: readonly string[],
  { trace, clients = {} }: CheckInput,
): VerdictLine {
  const history = Object.fromEntries(
    Object.entries(withJournalWrites(clients, trace)).map(([session, operations]) => [
      session,
      operations.filter((operation) => keys.includes(operation.key)),
    ]),
  );
  const found = checkClientHistory(history);
  const kinds = [...new Set(found.map((violation) => violation.kind))].sort();
  const ok = JSON.stringify(kinds) === JSON.stringify([...expected].sort());
  if (found.length === 0) {
    return {
      ok,
      text: `every client saw ${keys.join(" and ")} in causal order: its own writes, never older than before, never a write without what it depends on`,
    };
  }
  return { ok, text: `the client checker rang: ${found[0]?.message}` };
}

/** Concurrent unless some write's clock shows it had seen another; names the first such pair. */
function judgeConcurrent(
  names: readonly string[],
  trace: Trace,
  labels: ReadonlyMap<string, WriteId>,
): VerdictLine {
  const writes = names.map((label) => writeEventOf(trace, labels.get(label)));
  const name = (i: number) => nameOf(trace, labels.get(names[i] ?? ""));
  for (const [i, a] of writes.entries()) {
    if (!a) return { ok: false, text: `${names[i]} was never written` };
    for (const [j, b] of writes.entries()) {
      if (!b || j === i || !happenedBefore(a.message.clock, b.message.clock)) continue;
      return {
        ok: false,
        text: `${name(i)} and ${name(j)} are not concurrent: ${b.replica} had already seen ${name(i)} when it wrote ${name(j)}`,
      };
    }
  }
  const all = names.map((_, i) => name(i));
  const seen =
    all.length === 2
      ? "neither writer had seen the other's write"
      : "no writer had seen another's write";
  return { ok: true, text: `${all.join(" and ")} are concurrent: ${seen}` };
}

/**
 * The checker's verdict on a settled trace, in at most a few lines. After a naive run, causal
 * order kept is credited to the order of arrival, since nothing made the replicas wait.
 */
export function judgeTrace(trace: Trace, delivery: DeliveryMode = "causal"): VerdictLine[] {
  const violations = checkTrace(trace, { quiescent: true });
  const lines: VerdictLine[] = [];
  const causal = violations.filter((v) => v.kind === "causal-order" || v.kind === "applied-twice");
  const held =
    delivery === "naive"
      ? "causality held: every replica applied every write after all writes it depends on (naive delivery waits for nothing: they arrived in that order)"
      : "causality held: every replica applied every write after all writes it depends on";
  lines.push(
    causal.length === 0 ? { ok: true, text: held } : { ok: false, text: causal[0]?.message ?? "" },
  );
  const lost = violations.filter((v) => v.kind === "lost");
  const writes = Object.values(trace.journals)
    .flat()
    .filter((e) => e.type === "write").length;
  lines.push(
    lost.length === 0
      ? {
          ok: true,
          text: `no write lost: all ${writes} writes reached all ${trace.replicas.length} replicas`,
        }
      : { ok: false, text: lost[0]?.message ?? "" },
  );
  const diverged = violations.filter((v) => v.kind === "diverged");
  lines.push(
    diverged.length === 0
      ? { ok: true, text: "converged: every replica ended with the same store" }
      : { ok: false, text: diverged[0]?.message ?? "" },
  );
  return lines;
}

function writeEventOf(trace: Trace, id: WriteId | undefined): WriteEvent | undefined {
  return Object.values(trace.journals)
    .flat()
    .find((e): e is WriteEvent => e.type === "write" && writeId(e.message) === id);
}

function nameOf(trace: Trace, id: WriteId | undefined): string {
  const event = writeEventOf(trace, id);
  return event ? describeChange(event.message) : String(id);
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
