/**
 * The dashboard's one store, fed by the replicas' live streams. Each replica's view keeps its
 * journal and the state folded from it; components read slices of this and never a replica.
 */
import type { Trace } from "@causal-kv/checker";
import type { ReplicaEndpoint } from "@causal-kv/client";
import { foldJournal, type JournalEvent, type ReplicaId } from "@causal-kv/core";
import type { HeldMessage, Links, StreamSnapshot } from "@causal-kv/protocol";
import type { ClientExchange } from "@causal-kv/scenarios";
import { create } from "zustand";
import type { TimeAxis } from "../diagram/layoutTrace";
import { emptyState, type ReplicaState, stateFromStatus } from "./replicaState";

export type Connection = "connecting" | "up" | "down";

export interface ReplicaView {
  readonly endpoint: ReplicaEndpoint;
  readonly connection: Connection;
  readonly epoch: number;
  readonly state: ReplicaState;
  /** The journal as received, in seq order. */
  readonly events: readonly JournalEvent[];
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

/** A trace read from a file, shown instead of the live run until the user goes back to live. */
export interface ImportedTrace {
  readonly name: string;
  readonly trace: Trace;
  readonly events: number;
}

export interface LabState {
  readonly replicas: readonly ReplicaView[];
  /** The mark (`node2#14`) whose details are shown. */
  readonly selected: string | undefined;
  /** A second mark, compared with the selected one. */
  readonly compared: string | undefined;
  /** The mark under the pointer or the event list's cursor: its causal cone lights up. */
  readonly hovered: string | undefined;
  readonly follow: boolean;
  /** The diagram's x-axis: happens-before order (logical) or milliseconds (real). */
  readonly timeAxis: TimeAxis;
  readonly imported: ImportedTrace | undefined;
  /** The moment the panels show, in trace time; `undefined` shows the run as it is now. */
  readonly replayAt: number | undefined;
  /** The named clients' requests of this run (a scenario's or the write form's), by id order. */
  readonly exchanges: readonly ClientExchange[];
  /** While a scenario runs, its own reset must not wipe the requests it has begun making. */
  readonly scenarioRunning: boolean;
  connect(endpoints: readonly ReplicaEndpoint[]): void;
  setConnection(id: ReplicaId, connection: Connection): void;
  applySnapshot(id: ReplicaId, snapshot: StreamSnapshot): void;
  applyEvents(id: ReplicaId, events: readonly JournalEvent[]): void;
  /**
   * Events of this epoch the stream had not handed over (the history before a snapshot's tail,
   * or what a lag skipped), fetched afterwards; merged in by seq.
   */
  addMissedEvents(id: ReplicaId, events: readonly JournalEvent[]): void;
  applyLinks(id: ReplicaId, links: Links): void;
  applyHeld(id: ReplicaId, held: readonly HeldMessage[]): void;
  noteSkipped(id: ReplicaId, count: number): void;
  /** The replica's journal now starts at `start`: what came before was compacted away. */
  noteCompacted(id: ReplicaId, start: number): void;
  select(mark: string | undefined): void;
  /** Click semantics: the first pick selects, a second one compares, picking a chosen one unpicks it. */
  pick(mark: string): void;
  hover(mark: string | undefined): void;
  setFollow(follow: boolean): void;
  /** Another axis; the chosen events stay chosen. */
  setTimeAxis(axis: TimeAxis): void;
  showImported(imported: ImportedTrace | undefined): void;
  replay(at: number | undefined): void;
  /** A client's request as sent, or the same request answered. */
  recordExchange(exchange: ClientExchange): void;
  clearExchanges(): void;
  /** The requests of a run the lab server carries out, as it last published them. */
  replaceExchanges(exchanges: readonly ClientExchange[]): void;
  setScenarioRunning(running: boolean): void;
}

export const useLab = create<LabState>()((set, get) => {
  const update = (id: ReplicaId, change: (view: ReplicaView) => ReplicaView) =>
    set((lab) => ({
      replicas: lab.replicas.map((view) => (view.endpoint.id === id ? change(view) : view)),
    }));
  return {
    replicas: [],
    selected: undefined,
    compared: undefined,
    hovered: undefined,
    follow: true,
    timeAxis: "logical",
    imported: undefined,
    replayAt: undefined,
    exchanges: [],
    scenarioRunning: false,
    connect: (endpoints) =>
      set({
        replicas: endpoints.map((endpoint) => ({
          endpoint,
          connection: "connecting",
          epoch: 0,
          state: emptyState(endpoints.map((e) => e.id)),
          events: [],
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
      update(id, ({ downSince, ...view }) => ({
        ...view,
        connection: "up",
        outages:
          downSince === undefined
            ? view.outages
            : [...view.outages, { from: downSince, to: Date.now() }],
        epoch: status.epoch,
        state: stateFromStatus(status),
        // A new epoch means the replica was reset: its old journal is gone.
        events: status.epoch === view.epoch ? mergeEvents(view.events, events) : events,
        links: status.links,
        held,
        skipped: 0,
        compactedBefore: status.epoch === view.epoch ? view.compactedBefore : 0,
      }));
    },
    applyEvents: (id, events) =>
      update(id, (view) => {
        const last = view.events[view.events.length - 1]?.seq ?? 0;
        const fresh = events.filter((event) => event.seq > last);
        if (fresh.length === 0) return view;
        return {
          ...view,
          state: foldJournal(view.state, fresh),
          events: [...view.events, ...fresh],
        };
      }),
    addMissedEvents: (id, events) =>
      update(id, (view) =>
        events.length === 0 ? view : { ...view, events: mergeEvents(view.events, events) },
      ),
    applyLinks: (id, links) => update(id, (view) => ({ ...view, links })),
    applyHeld: (id, held) => update(id, (view) => ({ ...view, held })),
    noteSkipped: (id, count) => update(id, (view) => ({ ...view, skipped: view.skipped + count })),
    noteCompacted: (id, start) =>
      update(id, (view) => ({ ...view, compactedBefore: Math.max(view.compactedBefore, start) })),
    select: (selected) => set({ selected, compared: undefined }),
    pick: (mark) =>
      set(({ selected, compared }) => {
        if (selected === undefined) return { selected: mark };
        if (mark === selected) return { selected: compared, compared: undefined };
        if (mark === compared) return { compared: undefined };
        return { compared: mark };
      }),
    hover: (hovered) => set({ hovered }),
    setFollow: (follow) => set({ follow }),
    setTimeAxis: (timeAxis) => set({ timeAxis }),
    showImported: (imported) =>
      set({
        imported,
        selected: undefined,
        compared: undefined,
        hovered: undefined,
        replayAt: undefined,
        follow: imported === undefined,
      }),
    replay: (replayAt) => set({ replayAt }),
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

/** Keeps what we had and adds what the snapshot has beyond it, in seq order, without repeats. */
function mergeEvents(
  had: readonly JournalEvent[],
  incoming: readonly JournalEvent[],
): JournalEvent[] {
  const bySeq = new Map<number, JournalEvent>();
  for (const event of had) bySeq.set(event.seq, event);
  for (const event of incoming) bySeq.set(event.seq, event);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
