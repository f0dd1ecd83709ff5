/** `GET /events?after=N&limit=M`: the journal in order from seq N + 1; `next` is the next cursor. */
import { z } from "zod";
import { journalEventSchema } from "./journalEvent.js";

export const maxEventsPage = 1000;

const cursor = (name: string) =>
  z
    .string()
    .regex(/^\d{1,15}$/, `${name} must be a non-negative integer`)
    .transform(Number);

export const eventsQuerySchema = z.object({
  after: cursor("after").default(0),
  limit: cursor("limit")
    .pipe(z.int().min(1, "limit must be at least 1").max(maxEventsPage))
    .default(maxEventsPage),
});
export type EventsQuery = z.infer<typeof eventsQuerySchema>;

/**
 * `epoch` tells a reader its cursor is void: a reset starts the journal again from seq 1. `start`
 * is the first seq the replica still keeps (1 until its journal was compacted): a cursor before it
 * gets the page from `start`, and the events before `start` are gone (see journalCompactedBefore).
 */
export const eventsPageSchema = z.object({
  events: z.array(journalEventSchema),
  next: z.int().nonnegative(),
  epoch: z.int().nonnegative(),
  start: z.int().positive(),
});
export type EventsPage = z.infer<typeof eventsPageSchema>;

/** The first seq asked for that compaction removed, or undefined if none was. */
export function journalCompactedBefore(
  after: number,
  page: Pick<EventsPage, "start">,
): number | undefined {
  return after + 1 < page.start ? page.start : undefined;
}

/** A page stops growing past this many bytes of events (it always holds at least one). */
export const maxEventsPageBytes = 4 * 1024 * 1024;
