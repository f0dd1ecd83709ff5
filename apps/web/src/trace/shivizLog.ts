/**
 * The trace as a ShiViz log (default expressions: a description line, then `host {clock}`), with
 * its own per-event clock as ShiViz demands, and a validator for the rules ShiViz enforces. A
 * message's clock is merged where it arrives, so ShiViz draws each arrow from send to arrival and
 * the wait (buffer, then deliver) on the receiver's lane; each restart follows a logged crash.
 */
import type { Trace } from "@causal-kv/checker";
import { compareReplicaIds } from "@causal-kv/core";
import { describeEvent } from "../lab/describeEvent";
import { eventClocks } from "./eventClocks";

/** ShiViz reads line 1 as its parsing expression and line 2 as the run separator: empty = default. */
export function shivizLog(trace: Trace): string {
  const lines = ["", ""];
  const clocked = eventClocks(trace, "arrival");
  // A crash is logged just before each restart, so every later event of that host counts one more
  // for each restart at or before it.
  const restartsUpTo = new Map<string, number[]>();
  for (const { event, clock } of clocked) {
    const counts = restartsUpTo.get(event.replica) ?? [0];
    const own = clock[event.replica] ?? 0;
    counts[own] = (counts[own - 1] ?? 0) + (event.type === "restart" ? 1 : 0);
    restartsUpTo.set(event.replica, counts);
  }
  const exported = (clock: Readonly<Record<string, number>>): Record<string, number> =>
    Object.fromEntries(
      Object.entries(clock).map(([host, n]) => [host, n + (restartsUpTo.get(host)?.[n] ?? 0)]),
    );
  for (const { event, clock } of clocked) {
    const own = exported(clock);
    if (event.type === "restart") {
      const crash = { ...own, [event.replica]: (own[event.replica] ?? 1) - 1 };
      lines.push(
        `${event.replica} crashed, losing what it had not saved`,
        hostLine(event.replica, crash),
      );
    }
    lines.push(oneLine(describeEvent(event)), hostLine(event.replica, own));
  }
  return `${lines.join("\n")}\n`;
}

function hostLine(host: string, clock: Readonly<Record<string, number>>): string {
  const entries = Object.entries(clock)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => compareReplicaIds(a, b))
    .map(([id, n]) => `${JSON.stringify(id)}:${n}`);
  return `${host} {${entries.join(", ")}}`;
}

/** A value with a newline would split an event in two. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ");
}

export interface ShivizEvent {
  readonly description: string;
  readonly host: string;
  readonly clock: Readonly<Record<string, number>>;
}

/** Reads a log written with the default expressions, as ShiViz would. */
export function parseShivizLog(text: string): ShivizEvent[] {
  const body = text.split("\n").slice(2).join("\n");
  const events: ShivizEvent[] = [];
  for (const match of body.matchAll(/(?<event>.*)\n(?<host>\S*) (?<clock>{.*})/gm)) {
    const { event = "", host = "", clock = "{}" } = match.groups ?? {};
    events.push({ description: event, host, clock: JSON.parse(clock) as Record<string, number> });
  }
  return events;
}

/**
 * Every rule ShiViz checks, as sentences (empty when the log is valid): the host is in its own
 * clock, its counter rises by exactly 1, every referenced time is a logged event, and each clock
 * is the join of its own previous event and at most the one send it receives from.
 */
export function shivizProblems(events: readonly ShivizEvent[]): string[] {
  const problems: string[] = [];
  const byHost = new Map<string, ShivizEvent[]>();
  for (const e of events) {
    const own = e.clock[e.host];
    const list = byHost.get(e.host) ?? [];
    if (own !== list.length + 1)
      problems.push(
        `${e.host}'s event "${e.description}" has counter ${own}, not ${list.length + 1}`,
      );
    list.push(e);
    byHost.set(e.host, list);
  }
  const at = (host: string, n: number) => byHost.get(host)?.[n - 1];
  for (const [host, list] of byHost) {
    list.forEach((e, i) => {
      const previous = list[i - 1]?.clock ?? {};
      const raised: string[] = [];
      for (const [other, n] of Object.entries(e.clock)) {
        if (n === 0 || other === host) continue;
        if (!at(other, n))
          problems.push(`${host}'s clock names ${other}:${n}, which is not logged`);
        if (n > (previous[other] ?? 0)) raised.push(other);
      }
      for (const [other, n] of Object.entries(previous))
        if ((e.clock[other] ?? 0) < n) problems.push(`${host}'s clock goes back on ${other}`);
      if (raised.length === 0) return;
      // A receive: some single logged event (the send) must supply every raised entry.
      const joined = raised.some((sender) => {
        const send = at(sender, e.clock[sender] ?? 0);
        if (!send) return false;
        return Object.entries(e.clock).every(
          ([h, n]) => h === host || n === Math.max(previous[h] ?? 0, send.clock[h] ?? 0),
        );
      });
      if (!joined)
        problems.push(`${host}'s event "${e.description}" is not the join of its predecessors`);
    });
  }
  return problems;
}
