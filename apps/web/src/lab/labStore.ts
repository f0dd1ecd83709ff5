/**
 * The dashboard's one store, fed by the replicas' live streams. Each replica's view keeps its
 * journal and the state folded from it; components read slices of this and never a replica.
 * What this viewer is looking at (chosen marks, axis, import, replay) is its slice in viewerChoices.
 */
import type { ReplicaEndpoint } from "@causal-kv/client";
import { foldJournal, type JournalEvent, type ReplicaId } from "@causal-kv/core";
import type { HeldMessage, Links, StreamSnapshot } from "@causal-kv/protocol";
import type { ClientExchange } from "@causal-kv/scenarios";
import { create } from "zustand";
import { emptyHistory, type JudgedHistory } from "../trace/judgedHistory";
import {
  defaultWindowEvents,
  mergeEvents,
  restartedHistory,
  scrollOut,
  unjudgedOnly,
} from "./liveWindow";
import { emptyState, type ReplicaState, stateFromStatus } from "./replicaState";
import { type ViewerChoices, viewerChoices } from "./viewerChoices";

export type { ImportedTrace } from "./viewerChoices";

export type Connection = "connecting" | "up" | "down";

export interface ReplicaView {
  readonly endpoint: ReplicaEndpoint;
  readonly connection: Connection;
  readonly epoch: number;
  readonly state: ReplicaState;
  /** The journal's newest events as received, in seq order: the live window (see liveWindow). */
  readonly events: readonly JournalEvent[];
  /**
   * Events after `events`, already folded into `state` but not yet in the journal the diagram
   * draws: a busy run's journal moves on at a slower pace than its panels (see liveWindow).
   */
  readonly unshown: readonly JournalEvent[];
  readonly links: Links;
  readonly held: readonly HeldMessage[];
  /** Seqs skipped because this viewer fell behind, if any. */
  readonly skipped: number;
  /** The replica compacted its journal: the history before this seq is gone (0: none was). */
  readonly compactedBefore: number;
  /** When (this browser's ms) its stream went down, while it is down: a crash, drawn greyed. */
  readonly downSince?: number;
  /** Earlier stretches it was down, oldest first. */
  readonly outages: readonly Outage[];
}

export interface Outage {
  readonly from: number;
  readonly to: number;
}

export interface LabState extends ViewerChoices {
  readonly replicas: readonly ReplicaView[];
  /** How many events per replica the live window keeps in full detail. */
  readonly windowEvents: number;
  /** What scrolled out of the window, judged; the window holds what follows it. */
  readonly history: JudgedHistory;
  /**
   * Events from before the window, fetched from the replicas' journals when the user pans or
   * replays back to them; shown, never judged again. Let go when the view follows the run again.
   */
  readonly earlier: Readonly<Record<ReplicaId, readonly JournalEvent[]>>;
  /** The named clients' requests of this run (a scenario's or the write form's), by id order. */
  readonly exchanges: readonly ClientExchange[];
  /** While a scenario runs, its own reset must not wipe the requests it has begun making. */
  readonly scenarioRunning: boolean;
  connect(endpoints: readonly ReplicaEndpoint[], windowEvents?: number): void;
  setConnection(id: ReplicaId, connection: Connection): void;
  applySnapshot(id: ReplicaId, snapshot: StreamSnapshot): void;
  applyEvents(id: ReplicaId, events: readonly JournalEvent[]): void;
  /**
   * Several replicas' new events at once: one change of the store, so one render. They reach the
   * panels at once, the journal when `showJournal` (with any held back before).
   */
  applyBatches(
    batches: ReadonlyMap<ReplicaId, readonly JournalEvent[]>,
    showJournal?: boolean,
  ): void;
  /**
   * Events of this epoch the stream had not handed over (the history before a snapshot's tail,
   * or what a lag skipped), fetched afterwards; merged in by seq.
   */
  addMissedEvents(id: ReplicaId, events: readonly JournalEvent[]): void;
  applyLinks(id: ReplicaId, links: Links): void;
  applyHeld(id: ReplicaId, held: readonly HeldMessage[]): void;
  noteSkipped(id: ReplicaId, count: number): void;
  /** A page of `id`'s journal from before what is shown; kept up to a few windows' worth. */
  addEarlier(id: ReplicaId, epoch: number, events: readonly JournalEvent[]): void;
  /** The replica's journal now starts at `start`: what came before was compacted away. */
  noteCompacted(id: ReplicaId, start: number): void;
  /** A client's request as sent, or the same request answered. */
  recordExchange(exchange: ClientExchange): void;
  clearExchanges(): void;
  /** The requests of a run the lab server carries out, as it last published them. */
  replaceExchanges(exchanges: readonly ClientExchange[]): void;
  setScenarioRunning(running: boolean): void;
}

/** How many windows' worth of earlier events a replica keeps loaded at most. */
const earlierWindows = 4;

export const useLab = create<LabState>()((set, get) => {
  const update = (id: ReplicaId, change: (view: ReplicaView) => ReplicaView) =>
    set((lab) => ({
      replicas: lab.replicas.map((view) => (view.endpoint.id === id ? change(view) : view)),
    }));
  /** The journals changed: what no longer fits the window scrolls out into the history. */
  const windowed = (lab: LabState, replicas: readonly ReplicaView[]) => {
    const scrolled = scrollOut(
      replicas.map((view) => ({ view, id: view.endpoint.id, events: view.events })),
      lab.history,
      lab.windowEvents,
    );
    return {
      replicas: scrolled.views.map(({ view, events }) =>
        events === view.events ? view : { ...view, events },
      ),
      history: scrolled.history,
    };
  };
  const appended = (
    view: ReplicaView,
    events: readonly JournalEvent[],
    showJournal: boolean,
  ): ReplicaView => {
    const last =
      (view.unshown[view.unshown.length - 1] ?? view.events[view.events.length - 1])?.seq ?? 0;
    const fresh = events.filter((event) => event.seq > last);
    if (fresh.length === 0 && (!showJournal || view.unshown.length === 0)) return view;
    const state = fresh.length === 0 ? view.state : foldJournal(view.state, fresh);
    if (!showJournal) return { ...view, state, unshown: view.unshown.concat(fresh) };
    return { ...view, state, events: view.events.concat(view.unshown, fresh), unshown: [] };
  };
  /** What the journal held back is part of it again (before a snapshot or missed events merge). */
  const shown = (view: ReplicaView): readonly JournalEvent[] =>
    view.unshown.length === 0 ? view.events : view.events.concat(view.unshown);
  return {
    replicas: [],
    windowEvents: defaultWindowEvents,
    history: emptyHistory([]),
    earlier: {},
    ...viewerChoices(set),
    exchanges: [],
    scenarioRunning: false,
    connect: (endpoints, windowEvents = defaultWindowEvents) =>
      set({
        windowEvents,
        history: emptyHistory(endpoints.map((e) => e.id)),
        earlier: {},
        replicas: endpoints.map((endpoint) => ({
          endpoint,
          connection: "connecting",
          epoch: 0,
          state: emptyState(endpoints.map((e) => e.id)),
          events: [],
          unshown: [],
          links: {},
          held: [],
          skipped: 0,
          compactedBefore: 0,
          outages: [],
        })),
      }),
    setConnection: (id, connection) =>
      update(id, (view) =>
        connection === "down" && view.downSince === undefined
          ? { ...view, connection, downSince: Date.now() }
          : { ...view, connection },
      ),
    applySnapshot: (id, { status, held, events }) => {
      // A reset from elsewhere leaves the clients' requests without the writes they name.
      const { replicas, scenarioRunning } = get();
      const reset = replicas.some((view) => view.endpoint.id === id && view.epoch < status.epoch);
      if (reset && !scenarioRunning) set({ exchanges: [] });
      set((lab) => {
        const before = lab.replicas.find((view) => view.endpoint.id === id);
        // A first snapshot is no restart: only a journal that was shown and now starts again.
        const restarted =
          before !== undefined && before.epoch !== 0 && before.epoch !== status.epoch;
        const next = lab.replicas.map((view): ReplicaView => {
          if (view.endpoint.id !== id) return view;
          const { downSince, ...rest } = view;
          return {
            ...rest,
            connection: "up",
            outages:
              downSince === undefined
                ? view.outages
                : [...view.outages, { from: downSince, to: Date.now() }],
            epoch: status.epoch,
            state: stateFromStatus(status),
            // A new epoch means the replica was reset: its old journal is gone.
            events:
              status.epoch === view.epoch
                ? mergeEvents(shown(view), unjudgedOnly(events, lab.history, id))
                : events,
            unshown: [],
            links: status.links,
            held,
            skipped: 0,
            compactedBefore: status.epoch === view.epoch ? view.compactedBefore : 0,
          };
        });
        const history = restarted
          ? restartedHistory(
              next.map((view) => ({ id: view.endpoint.id, events: view.events })),
              lab.history,
              id,
            )
          : lab.history;
        const earlier = restarted ? {} : lab.earlier;
        return { ...windowed({ ...lab, history }, next), earlier };
      });
    },
    applyEvents: (id, events) => get().applyBatches(new Map([[id, events]])),
    applyBatches: (batches, showJournal = true) =>
      set((lab) => {
        const replicas = lab.replicas.map((view) =>
          appended(view, batches.get(view.endpoint.id) ?? [], showJournal),
        );
        if (replicas.every((view, i) => view === lab.replicas[i])) return {};
        return showJournal ? windowed(lab, replicas) : { replicas };
      }),
    addMissedEvents: (id, events) =>
      set((lab) => {
        const unjudged = unjudgedOnly(events, lab.history, id);
        if (unjudged.length === 0) return {};
        return windowed(
          lab,
          lab.replicas.map((view) =>
            view.endpoint.id === id
              ? { ...view, events: mergeEvents(shown(view), unjudged), unshown: [] }
              : view,
          ),
        );
      }),
    applyLinks: (id, links) => update(id, (view) => ({ ...view, links })),
    applyHeld: (id, held) => update(id, (view) => ({ ...view, held })),
    noteSkipped: (id, count) => update(id, (view) => ({ ...view, skipped: view.skipped + count })),
    addEarlier: (id, epoch, events) =>
      set((lab) => {
        const view = lab.replicas.find((v) => v.endpoint.id === id);
        const had = lab.earlier[id] ?? [];
        const before = had[0]?.seq ?? view?.events[0]?.seq ?? 1;
        const older = events.filter((event) => event.seq < before);
        if (!view || view.epoch !== epoch || older.length === 0) return {};
        // Panning further back keeps the oldest pages: the newest loaded ones go first.
        const kept = older.concat(had).slice(0, lab.windowEvents * earlierWindows);
        return { earlier: { ...lab.earlier, [id]: kept } };
      }),
    noteCompacted: (id, start) =>
      update(id, (view) => ({ ...view, compactedBefore: Math.max(view.compactedBefore, start) })),
    recordExchange: (exchange) =>
      set(({ exchanges }) => {
        const at = exchanges.findIndex((known) => known.id === exchange.id);
        if (at < 0) return { exchanges: [...exchanges, exchange] };
        return { exchanges: exchanges.map((known, i) => (i === at ? exchange : known)) };
      }),
    clearExchanges: () => set({ exchanges: [] }),
    replaceExchanges: (exchanges) => set({ exchanges }),
    setScenarioRunning: (scenarioRunning) => set({ scenarioRunning }),
  };
});
