/**
 * Journals recorded before duplicate events said which copy they discarded, read exactly: the core
 * journals an incoming copy's duplicate right after that copy's own `receive`, and a buffered
 * write's after the delivery that made it stale (never after a receive of it), so the event before
 * each duplicate says which it was. Applied where such journals can come from: trace files and the
 * events of a replica's database from before the field.
 */
import type { DiscardedCopy } from "@causal-kv/core";

/** Which copy `duplicate` discarded, given the event journaled just before it (if any). */
export function discardedCopyAfter(previous: unknown, duplicate: unknown): DiscardedCopy {
  const copy = writeNumber(duplicate);
  if (!isRecord(previous) || previous.type !== "receive" || copy === undefined) return "buffered";
  const received = writeNumber(previous);
  return received?.origin === copy.origin && received.seq === copy.seq ? "incoming" : "buffered";
}

/**
 * One journal as parsed JSON, in order, with `discarded` filled in on each duplicate that lacks it;
 * anything else (including what is not a journal) comes back as it was, for the schema to judge.
 */
export function withDiscardedCopies(journal: unknown): unknown {
  if (!Array.isArray(journal)) return journal;
  return journal.map((event: unknown, i) =>
    isRecord(event) && event.type === "duplicate" && event.discarded === undefined
      ? { ...event, discarded: discardedCopyAfter(journal[i - 1], event) }
      : event,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** The origin and number of an event's message, if it has a well-formed one. */
function writeNumber(event: unknown): { origin: string; seq: unknown } | undefined {
  if (!isRecord(event) || !isRecord(event.message)) return undefined;
  const { origin, clock } = event.message;
  if (typeof origin !== "string" || !isRecord(clock)) return undefined;
  return { origin, seq: Object.hasOwn(clock, origin) ? clock[origin] : undefined };
}
