/**
 * Feeds the store from every replica's stream (the client's `openReplicaStream`). Events arrive in
 * batches and are applied once per animation frame (a busy run's every few frames, see liveWindow),
 * every replica's together, never one render per event or per replica. The events a snapshot's
 * tail leaves out are fetched, so a viewer that joins late (or fell behind) sees, and the checker
 * judges, the whole run.
 */
import { openReplicaStream, type ReplicaEndpoint } from "@causal-kv/client";
import type { JournalEvent, ReplicaId } from "@causal-kv/core";
import { clientFor } from "./clusterClients";
import { useLab } from "./labStore";
import { renderPaceMs } from "./liveWindow";

/** A hidden tab gets no animation frames: its events are still applied, this often. */
const hiddenFlushMs = 250;
const frameMs = 17;

export function connectReplicaStreams(
  endpoints: readonly ReplicaEndpoint[],
  windowEvents?: number,
): () => void {
  const lab = useLab.getState;
  lab().connect(endpoints, windowEvents);
  const pending = new Map<ReplicaId, JournalEvent[]>();
  let frame: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let journalAt = 0;
  let flushedAt = 0;
  let journalTimer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
    frame = undefined;
    timer = undefined;
    const held = lab().replicas.reduce((n, view) => n + view.events.length, 0);
    const pace = renderPaceMs(held);
    const now = performance.now();
    // A timer may fire a hair early against this clock: within a frame of the pace counts as due,
    // so a busy run's panels and journal move on in the same render, not in two.
    const showJournal = now - journalAt >= pace - frameMs;
    if (pending.size === 0 && !showJournal) return;
    flushedAt = now;
    const batches = new Map(pending);
    pending.clear();
    lab().applyBatches(batches, showJournal);
    if (showJournal) journalAt = now;
    // What was held back reaches the journal even if nothing more comes.
    else
      journalTimer ??= setTimeout(() => {
        journalTimer = undefined;
        flush();
      }, pace);
    // How far the page's "now" has come, for the live soak (bench/liveSoak.mjs); one mark, replaced.
    let latestTime = 0;
    for (const events of batches.values())
      latestTime = Math.max(latestTime, events[events.length - 1]?.time ?? 0);
    if (latestTime === 0) return;
    performance.clearMarks("causal-kv:events-applied");
    performance.mark("causal-kv:events-applied", { detail: { latestTime } });
  };
  const schedule = () => {
    const held = lab().replicas.reduce((n, view) => n + view.events.length, 0);
    const wait = flushedAt + renderPaceMs(held) - performance.now();
    if (wait > 0) timer ??= setTimeout(flush, wait);
    else {
      frame ??= requestAnimationFrame(flush);
      timer ??= setTimeout(flush, hiddenFlushMs);
    }
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
          schedule();
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
    if (journalTimer !== undefined) clearTimeout(journalTimer);
    if (frame !== undefined) cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
    for (const close of closers) close();
  };
}
