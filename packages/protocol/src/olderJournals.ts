/**
 * Older journals, read exactly. Before events named values by digest, they carried them whole: each
 * whole value is digested as the core digests it. Before duplicate events said which copy they
 * discarded, the core
 * journals an incoming copy's duplicate right after that copy's own `receive`, and a buffered
 * write's after the delivery that made it stale (never after a receive of it), so the event before
 * each duplicate says which it was. Applied where such journals can come from: trace files and the
 * events of a replica's database from before the field.
 */
import { type DiscardedCopy, digestValue } from "@causal-kv/core";

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

/**
 * One event as parsed JSON with each whole value (a string where a digest goes: the message's, and
 * the siblings' a catch-up adopted) digested; anything else comes back as it was.
 */
export function withDigestedValues(event: unknown): unknown {
  if (!isRecord(event)) return event;
  if (isRecord(event.message) && typeof event.message.value === "string") {
    return { ...event, message: { ...event.message, value: digestValue(event.message.value) } };
  }
  if (event.type === "catch-up" && isRecord(event.adopted)) {
    const adopted: Record<string, unknown> = Object.create(null);
    for (const [key, siblings] of Object.entries(event.adopted)) {
      adopted[key] = Array.isArray(siblings)
        ? siblings.map((sibling: unknown) =>
            isRecord(sibling) && typeof sibling.value === "string"
              ? { ...sibling, value: digestValue(sibling.value) }
              : sibling,
          )
        : siblings;
    }
    return { ...event, adopted };
  }
  return event;
}

/** An older journal brought to today's shape: values digested, duplicates saying their copy. */
export function fromOlderJournal(journal: unknown): unknown {
  const digested = Array.isArray(journal) ? journal.map(withDigestedValues) : journal;
  return withDiscardedCopies(digested);
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
