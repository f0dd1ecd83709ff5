/**
 * Feeds the store from every replica's stream (the client's `openReplicaStream`). Events arrive in
 * batches and are applied every 40 ms, so a busy cluster costs one render per flush, not one per
 * event; the events a snapshot's tail leaves out are fetched, so a viewer that joins late (or fell
 * behind) sees, and the checker judges, the whole run.
 */
import { openReplicaStream, type ReplicaEndpoint } from "@causal-kv/client";
import type { JournalEvent, ReplicaId } from "@causal-kv/core";
import { clientFor } from "./clusterClients";
import { useLab } from "./labStore";

const flushEveryMs = 40;

export function connectReplicaStreams(endpoints: readonly ReplicaEndpoint[]): () => void {
  const lab = useLab.getState;
  lab().connect(endpoints);
  const pending = new Map<ReplicaId, JournalEvent[]>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    for (const [id, events] of pending) lab().applyEvents(id, events);
    pending.clear();
  };

  const closers = endpoints.map((endpoint) =>
    openReplicaStream(
      endpoint,
      {
        snapshot(id, snapshot) {
          // Events queued before the snapshot are in it or older: drop them.
          pending.delete(id);
          lab().applySnapshot(id, snapshot);
        },
        events(id, events) {
          const queue = pending.get(id) ?? [];
          for (const event of events) queue.push(event);
          pending.set(id, queue);
          timer ??= setTimeout(flush, flushEveryMs);
        },
        missed: (id, events) => lab().addMissedEvents(id, events),
        lagged: (id, notice) => lab().noteSkipped(id, notice.skipped),
        compacted: (id, start) => lab().noteCompacted(id, start),
        links: (id, change) => lab().applyLinks(id, change.links),
        held: (id, change) => lab().applyHeld(id, change.held),
        down: (id) => lab().setConnection(id, "down"),
        malformed: (id, what, problem) =>
          console.warn(`${id} sent a malformed ${what}: ${problem}`),
        catchUpFailed: (id, error) => console.warn(`could not catch up with ${id}`, error),
      },
      { catchUp: clientFor(endpoint) },
    ),
  );

  return () => {
    if (timer) clearTimeout(timer);
    for (const close of closers) close();
  };
}
