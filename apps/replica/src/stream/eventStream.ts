/**
 * The live stream: Socket.IO on the replica's own HTTP server. A viewer gets a snapshot (status and
 * the journal's recent tail), then every committed journal event. Nothing here is awaited by the
 * replica: a viewer whose outgoing buffer passes a high-water mark stops getting events until it
 * drains, then gets a `lagged` notice naming the seqs it missed (it can fetch them from /events or
 * ask to `resync`). So a slow viewer costs the replica nothing but a skipped emit.
 */
import type { Server as HttpServer } from "node:http";
import type { JournalEvent, ReplicaId } from "@causal-kv/core";
import {
  type ClientToServerEvents,
  type HeldMessage,
  journalEventSchema,
  type Links,
  type ServerToClientEvents,
  type StatusResponse,
} from "@causal-kv/protocol";
import type { FastifyBaseLogger } from "fastify";
import { Server, type Socket } from "socket.io";

export interface EventStreamOptions {
  readonly replica: ReplicaId;
  readonly corsOrigin: true | readonly string[];
  readonly log: FastifyBaseLogger;
  readonly status: () => StatusResponse;
  /** Stored journal events with seq ≤ `upTo`, the last `limit` of them, as JSON text. */
  readonly recentEvents: (upTo: number, limit: number) => string[];
  /** Resolves when every change so far is committed. */
  readonly settled: () => Promise<void>;
  /** Seq of the last journal event already stored when the stream starts. */
  readonly journalEnd: number;
  /** Journal events in a snapshot. */
  readonly snapshotEvents?: number;
  /** Packets waiting for a viewer above which it is skipped, and below which it resumes. */
  readonly highWater?: number;
  readonly lowWater?: number;
}

type ViewerSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

const syncingRoom = "syncing";
const laggingRoom = "lagging";

export class EventStream {
  private readonly io: Server<ClientToServerEvents, ServerToClientEvents>;
  /** Seq of the last event published: a snapshot covers the journal up to it. */
  private lastSeq = 0;
  private readonly pending = new Map<string, number>();
  private readonly lagging = new Map<string, { from: number; to: number }>();
  private readonly recoveryTimer: NodeJS.Timeout;
  private readonly highWater: number;
  private readonly lowWater: number;

  constructor(
    server: HttpServer,
    private readonly options: EventStreamOptions,
  ) {
    this.lastSeq = options.journalEnd;
    this.highWater = options.highWater ?? 1000;
    this.lowWater = options.lowWater ?? 100;
    this.io = new Server<ClientToServerEvents, ServerToClientEvents>(server, {
      serveClient: false,
      cors: { origin: options.corsOrigin === true ? true : [...options.corsOrigin] },
    });
    this.io.on("connection", (socket) => this.connected(socket));
    this.recoveryTimer = setInterval(() => this.checkLag(undefined), 500);
    this.recoveryTimer.unref();
  }

  /** Committed journal events, in order. */
  publish(events: readonly JournalEvent[]): void {
    const last = events[events.length - 1];
    const first = events[0];
    if (!last || !first) return;
    if (this.io.engine.clientsCount > 0) {
      this.checkLag({ from: first.seq, to: last.seq });
      const viewers = this.io.except([syncingRoom, laggingRoom]);
      for (const event of events) viewers.emit("event", event);
    }
    this.lastSeq = last.seq;
  }

  /** After a reset the journal starts again: every viewer gets a fresh snapshot. */
  reset(): void {
    this.lastSeq = 0;
    this.lagging.clear();
    for (const socket of this.io.sockets.sockets.values()) void this.sendSnapshot(socket);
  }

  links(links: Links): void {
    this.io.emit("links", { replica: this.options.replica, links });
  }

  held(held: HeldMessage[]): void {
    this.io.emit("held", { replica: this.options.replica, held });
  }

  close(): void {
    clearInterval(this.recoveryTimer);
    this.io.local.disconnectSockets(true);
    this.io.engine.close();
  }

  private connected(socket: ViewerSocket): void {
    this.pending.set(socket.id, 0);
    // Packets enter the engine's write buffer one by one and leave it together on flush.
    socket.conn.on("packetCreate", () => {
      this.pending.set(socket.id, (this.pending.get(socket.id) ?? 0) + 1);
    });
    socket.conn.on("flush", (buffer: readonly unknown[]) => {
      this.pending.set(socket.id, Math.max(0, (this.pending.get(socket.id) ?? 0) - buffer.length));
    });
    socket.on("disconnect", () => {
      this.pending.delete(socket.id);
      this.lagging.delete(socket.id);
    });
    socket.on("resync", () => void this.sendSnapshot(socket));
    void this.sendSnapshot(socket);
  }

  private async sendSnapshot(socket: ViewerSocket): Promise<void> {
    // Out of the event broadcast until the snapshot is out: then no event is missed or repeated.
    socket.join(syncingRoom);
    try {
      await this.options.settled();
      const events = this.options
        .recentEvents(this.lastSeq, this.options.snapshotEvents ?? 500)
        .map((text) => journalEventSchema.parse(JSON.parse(text)));
      socket.emit("snapshot", { status: this.options.status(), events });
      this.lagging.delete(socket.id);
      socket.leave(laggingRoom);
    } catch (error) {
      this.options.log.error({ err: error }, "could not send a snapshot to a viewer");
    } finally {
      socket.leave(syncingRoom);
    }
  }

  /** Skips viewers whose buffers are full and tells recovered ones what they missed. */
  private checkLag(published: { from: number; to: number } | undefined): void {
    for (const socket of this.io.sockets.sockets.values()) {
      const waiting = this.pending.get(socket.id) ?? 0;
      const lag = this.lagging.get(socket.id);
      if (lag && waiting <= this.lowWater) {
        this.lagging.delete(socket.id);
        socket.leave(laggingRoom);
        const { from, to } = lag;
        socket.emit("lagged", { replica: this.options.replica, skipped: to - from + 1, from, to });
      } else if (lag && published) {
        lag.to = published.to;
      } else if (!lag && published && waiting >= this.highWater) {
        this.lagging.set(socket.id, { ...published });
        socket.join(laggingRoom);
        this.options.log.warn({ viewer: socket.id, waiting }, "viewer too slow; skipping events");
      }
    }
  }
}
