/**
 * One replica's live stream, in the browser and in Node: Socket.IO at the replica's address (its
 * path prefix kept), every payload parsed with the protocol's schemas before a handler sees it.
 * The socket reconnects by itself, and every connection starts with a snapshot, as does a resync
 * after a `lagged` notice: a subscriber that applies snapshots and batches in order is never out
 * of date for longer than a reconnection.
 */
import type { JournalEvent, ReplicaId } from "@causal-kv/core";
import {
  type ClientToServerEvents,
  type HeldChange,
  heldChangeSchema,
  journalCompactedBefore,
  type LaggedNotice,
  type LinksChange,
  laggedNoticeSchema,
  linksChangeSchema,
  maxEventsPage,
  type ServerToClientEvents,
  type StreamSnapshot,
  streamEventsSchema,
  streamSnapshotSchema,
} from "@causal-kv/protocol";
import { io, type Socket } from "socket.io-client";
import type { z } from "zod";
import { JournalCoverage, type JournalGap } from "./journalCoverage.js";
import { replicaStreamAddress } from "./replicaAddress.js";
import type { ReplicaClient } from "./replicaClient.js";
import type { ReplicaEndpoint } from "./replicaEndpoint.js";
import { ReplicaError } from "./replicaError.js";

/** How often a page of missed events is asked for before the catch-up reports failure. */
const pageAttempts = 4;

export interface ReplicaStreamHandlers {
  /** The replica as it is: on every connection, after a reset, and after a lag. */
  snapshot(id: ReplicaId, snapshot: StreamSnapshot): void;
  /** Journal events committed together after the snapshot, oldest first. */
  events(id: ReplicaId, events: readonly JournalEvent[]): void;
  /** A payload that did not parse; it is dropped and the stream goes on. */
  malformed(id: ReplicaId, what: string, problem: string): void;
  /** This viewer fell behind and missed these seqs; a fresh snapshot is already asked for. */
  lagged?(id: ReplicaId, notice: LaggedNotice): void;
  links?(id: ReplicaId, change: LinksChange): void;
  held?(id: ReplicaId, change: HeldChange): void;
  /** Connected (again); a snapshot follows. Called once per change, as is `down`. */
  up?(id: ReplicaId): void;
  /** The replica went away or cannot be reached; the stream keeps trying. */
  down?(id: ReplicaId, reason: string): void;
  /**
   * With `catchUp`: events of the snapshot's epoch before its tail that this stream had not
   * handed over (the history, or what a disconnection or a lag skipped), oldest first. Some may
   * have come before as live events: merge by seq.
   */
  missed?(id: ReplicaId, events: readonly JournalEvent[]): void;
  /** With `catchUp`: the missed events could not be fetched; the next snapshot tries again. */
  catchUpFailed?(id: ReplicaId, error: unknown): void;
  /**
   * With `catchUp`: missed events were compacted away by the replica, which keeps a bounded
   * journal; it now starts at seq `start`, and the history before it cannot be fetched.
   */
  compacted?(id: ReplicaId, start: number): void;
}

export interface ReplicaStreamOptions {
  /**
   * A bearer token, sent as the handshake's `auth.token` and as an `Authorization` header. Node
   * sends the header; a browser cannot set headers on a WebSocket and sends only `auth`.
   */
  readonly token?: string;
  /** Fetches the events each snapshot's tail leaves out through this client (see `missed`). */
  readonly catchUp?: ReplicaClient;
  readonly reconnectionDelayMs?: number;
  readonly reconnectionDelayMaxMs?: number;
}

/** Opens the stream; the returned function closes it, after which no handler is called. */
export function openReplicaStream(
  { id, url }: ReplicaEndpoint,
  handlers: ReplicaStreamHandlers,
  options: ReplicaStreamOptions = {},
): () => void {
  // A path in io()'s URL would name a namespace: the prefix goes into `path`.
  const address = replicaStreamAddress(url);
  const { token } = options;
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(address.url, {
    path: address.path,
    transports: ["websocket"],
    forceNew: true,
    reconnectionDelay: options.reconnectionDelayMs ?? 300,
    reconnectionDelayMax: options.reconnectionDelayMaxMs ?? 1500,
    ...(token === undefined
      ? {}
      : { auth: { token }, extraHeaders: { authorization: `Bearer ${token}` } }),
  });
  let connection: "connecting" | "up" | "down" = "connecting";
  let closed = false;
  const coverage = new JournalCoverage();
  const catchUp = missedEvents(id, handlers, coverage, options.catchUp, () => closed);

  const on = <T>(
    name: keyof ServerToClientEvents,
    what: string,
    schema: z.ZodType<T>,
    use: (data: T) => void,
  ) => {
    socket.on(name, (raw: unknown) => {
      const parsed = schema.safeParse(raw);
      if (parsed.success) use(parsed.data);
      else handlers.malformed(id, what, problemOf(parsed.error));
    });
  };
  on("snapshot", "snapshot", streamSnapshotSchema, (snapshot) => {
    coverage.snapshot(snapshot.status.epoch, snapshot.events);
    handlers.snapshot(id, snapshot);
    catchUp();
  });
  on("events", "batch of events", streamEventsSchema, (events) => {
    coverage.events(events);
    handlers.events(id, events);
  });
  on("lagged", "lagged notice", laggedNoticeSchema, (notice) => {
    handlers.lagged?.(id, notice);
    // The skipped events are gone from the stream; a fresh snapshot puts the view right again.
    socket.emit("resync");
  });
  on("links", "links change", linksChangeSchema, (change) => handlers.links?.(id, change));
  on("held", "held change", heldChangeSchema, (change) => handlers.held?.(id, change));

  socket.on("connect", () => {
    if (connection !== "up") handlers.up?.(id);
    connection = "up";
  });
  const down = (reason: string) => {
    if (connection !== "down") handlers.down?.(id, reason);
    connection = "down";
  };
  socket.on("disconnect", (reason) => down(reason));
  socket.on("connect_error", (error) => down(error.message));
  return () => {
    closed = true;
    socket.removeAllListeners();
    socket.disconnect();
  };
}

/**
 * Fetches the coverage's gap page by page and hands it over, until none is left; one fetch at a
 * time. A page of another epoch means a reset: its snapshot, here or on its way, takes over.
 * Nothing read for an epoch that has ended by the time the read is done is handed over.
 */
function missedEvents(
  id: ReplicaId,
  handlers: ReplicaStreamHandlers,
  coverage: JournalCoverage,
  client: ReplicaClient | undefined,
  closed: () => boolean,
): () => void {
  let fetching = false;
  return () => {
    if (!client || fetching) return;
    fetching = true;
    void (async () => {
      for (let gap = coverage.missing(); gap && !closed(); gap = coverage.missing()) {
        const events = await eventsIn(client, gap, (start) => handlers.compacted?.(id, start));
        if (closed()) return;
        // A reset while the pages were read: what was read is of a journal no longer shown.
        if (coverage.epoch !== gap.epoch) continue;
        if (events === undefined) return;
        handlers.missed?.(id, events);
        coverage.filled(gap);
      }
    })()
      .catch((error: unknown) => {
        if (!closed()) handlers.catchUpFailed?.(id, error);
      })
      .finally(() => {
        fetching = false;
      });
  };
}

/**
 * The gap's events (those compaction left: `compacted` hears where the journal now starts), or
 * `undefined` if the journal is no longer of the gap's epoch.
 */
async function eventsIn(
  client: ReplicaClient,
  gap: JournalGap,
  compacted: (start: number) => void,
): Promise<JournalEvent[] | undefined> {
  const events: JournalEvent[] = [];
  for (let after = gap.from - 1; after < gap.to; ) {
    const page = await pageWithRetries(client, after, Math.min(maxEventsPage, gap.to - after));
    if (page.epoch !== gap.epoch) return undefined;
    const start = journalCompactedBefore(after, page);
    if (start !== undefined) compacted(start);
    for (const event of page.events) if (event.seq <= gap.to) events.push(event);
    if (page.next <= after) break;
    after = page.next;
  }
  return events;
}

/**
 * Reading the journal changes nothing, so a page that got no answer (a busy replica, a timeout) is
 * asked for again, a few times with a growing pause, before the catch-up is given up.
 */
async function pageWithRetries(client: ReplicaClient, after: number, limit: number) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.journalPage(after, limit);
    } catch (error) {
      const noAnswer = error instanceof ReplicaError && !error.answered;
      if (!noAnswer || attempt === pageAttempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  }
}

/** The first issue, where it is: enough to find the bad field without a page of zod output. */
function problemOf(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "bad shape";
  const path = issue.path.join(".");
  return path === "" ? issue.message : `${path}: ${issue.message}`;
}
