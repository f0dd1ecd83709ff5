/**
 * Fetches the events just before what the dashboard shows, from each replica's journal (through
 * the lab server's `/replicas/<id>/events?after=N`), one window's worth per replica at a time: the
 * history the live window let go of, brought back when the user pans or replays to it.
 */
import type { JournalEvent } from "@causal-kv/core";
import { journalCompactedBefore, maxEventsPage } from "@causal-kv/protocol";
import { clientFor } from "./clusterClients";
import { type LabState, useLab } from "./labStore";

let loading: Promise<void> | undefined;

/** Whether some replica has history before what is shown (the live run only). */
export function hasEarlierEvents(lab: LabState): boolean {
  return (
    lab.imported === undefined &&
    lab.replicas.some(
      (view) =>
        (lab.earlier[view.endpoint.id]?.[0]?.seq ?? view.events[0]?.seq ?? 1) >
        Math.max(1, view.compactedBefore),
    )
  );
}

/**
 * Loads one window's worth per replica of what comes before; a call while one is loading joins
 * it. A replica that cannot be read now is left as it is (the next pan or replay asks again).
 */
export function loadEarlierEvents(): Promise<void> {
  loading ??= loadPages()
    .catch((error: unknown) => console.warn("could not load earlier events", error))
    .finally(() => {
      loading = undefined;
    });
  return loading;
}

async function loadPages(): Promise<void> {
  const { replicas, earlier, windowEvents } = useLab.getState();
  await Promise.all(
    replicas.map(async (view) => {
      const id = view.endpoint.id;
      const before = earlier[id]?.[0]?.seq ?? view.events[0]?.seq ?? 1;
      // What the replica compacted away is gone: nothing before its journal's start to load.
      if (before <= Math.max(1, view.compactedBefore)) return;
      const from = Math.max(0, before - 1 - windowEvents);
      const client = clientFor(view.endpoint);
      const events: JournalEvent[] = [];
      let epoch = view.epoch;
      for (let after = from; after < before - 1; ) {
        const page = await client.journalPage(after, Math.min(maxEventsPage, before - 1 - after));
        // A reset while paging: what was read is of a journal no longer shown.
        if (page.epoch !== epoch && events.length > 0) return;
        epoch = page.epoch;
        const compacted = journalCompactedBefore(after, page);
        if (compacted !== undefined) useLab.getState().noteCompacted(id, compacted);
        for (const event of page.events) if (event.seq < before) events.push(event);
        if (page.next <= after || page.events.length === 0) break;
        after = page.next;
      }
      useLab.getState().addEarlier(id, epoch, events);
    }),
  );
}
