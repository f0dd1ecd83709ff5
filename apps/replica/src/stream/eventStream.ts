/**
 * The live stream: Socket.IO on the replica's own HTTP server. A viewer gets a snapshot (status, held
 * messages and the journal's recent tail, within a byte budget), then every committed journal event,
 * the events of one event-loop turn in one packet: a packet costs a frame and a write per viewer
 * whatever it holds, so a busy replica sends tens of events for the price of one. Nothing here is
 * awaited by the replica: a viewer with more than a high-water mark of bytes waiting stops getting
 * events until it drains, then gets a `lagged` notice naming the seqs it missed (it can fetch them
 * from /events or ask to `resync`). A `resync` is answered at most once per interval per viewer,
 * requests meanwhile coalesced into one, and not while the viewer still has a high-water mark of
 * bytes waiting: so a viewer that asks without reading costs one snapshot, not one per ask. A
 * handshake from a refused origin or host, or without the client token when one is set, gets no
 * viewer at all.
 */
import type { Server as HttpServer, IncomingHttpHeaders } from "node:http";
import { digestValue, type JournalEvent, type ReplicaId } from "@causal-kv/core";
import {
  type ClientToServerEvents,
  type HeldMessage,
  journalEventSchema,
  type Links,
  type ServerToClientEvents,
  type SnapshotStatus,
  type StatusResponse,
} from "@causal-kv/protocol";
import type { FastifyBaseLogger } from "fastify";
import { Server, type Socket } from "socket.io";
import { packetBytes, WaitingPackets } from "./waitingPackets.js";

export interface EventStreamOptions {
  readonly replica: ReplicaId;
  /** Browser origins allowed to poll (CORS headers); every handshake passes `refuseRequest` first. */
  readonly allowedOrigins: readonly string[];
  /** Why a handshake's HTTP request is refused (its Host or Origin), or undefined. */
  readonly refuseRequest: (headers: IncomingHttpHeaders) => string | undefined;
  /** Why a viewer with this token (from the handshake's `auth` or Authorization) is refused. */
  readonly refuseViewer: (auth: unknown, headers: IncomingHttpHeaders) => string | undefined;
  readonly log: FastifyBaseLogger;
  readonly status: () => StatusResponse;
  readonly held: () => HeldMessage[];
  /** Stored journal events with seq ≤ `upTo`, the last `limit` of them, as JSON text. */
  readonly recentEvents: (upTo: number, limit: number) => string[];
  /** Resolves when every change so far is committed. */
  readonly settled: () => Promise<void>;
  /** Seq of the last journal event already stored when the stream starts. */
  readonly journalEnd: number;
  /** Journal events in a snapshot, at most; and at most this many bytes of them. */
  readonly snapshotEvents?: number;
  readonly snapshotEventBytes?: number;
  /** Bytes waiting for a viewer above which it is skipped, and below which it resumes. */
  readonly highWater?: number;
  readonly lowWater?: number;
  /** A viewer's `resync` is answered at most once per this many ms. */
  readonly resyncIntervalMs?: number;
}

/** A viewer's resyncs: one snapshot at a time, the asks meanwhile coalesced into the next. */
interface Resyncs {
  sending: boolean;
  asked: boolean;
  lastAt: number;
  timer?: NodeJS.Timeout;
}

type ViewerSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

const syncingRoom = "syncing";
const laggingRoom = "lagging";
/** A packet holds at most this many events; a larger turn goes out in several. */
const maxEventsPerPacket = 1000;

export class EventStream {
  private readonly io: Server<ClientToServerEvents, ServerToClientEvents>;
  /** Seq of the last event sent: a snapshot covers the journal up to it. */
  private lastSeq = 0;
  /** Events published this turn, sent when it ends. */
  private outgoing: JournalEvent[] = [];
  private sendScheduled = false;
  private closed = false;
  private readonly resyncs = new Map<string, Resyncs>();
  private readonly waiting = new Map<string, WaitingPackets>();
  private readonly lagging = new Map<string, { from: number; to: number }>();
  private readonly recoveryTimer: NodeJS.Timeout;
  private readonly highWater: number;
  private readonly lowWater: number;
  private readonly resyncIntervalMs: number;

  constructor(
    server: HttpServer,
    private readonly options: EventStreamOptions,
  ) {
    this.lastSeq = options.journalEnd;
    this.highWater = options.highWater ?? 8 * 1024 * 1024;
    this.lowWater = options.lowWater ?? 1024 * 1024;
    this.resyncIntervalMs = options.resyncIntervalMs ?? 1000;
    this.io = new Server<ClientToServerEvents, ServerToClientEvents>(server, {
      serveClient: false,
      cors: { origin: [...options.allowedOrigins] },
      allowRequest: (request, callback) => {
        const refusal = options.refuseRequest(request.headers);
        callback(refusal ?? null, refusal === undefined);
      },
    });
    this.io.use((socket, next) => {
      const refusal = options.refuseViewer(socket.handshake.auth, socket.handshake.headers);
      next(refusal === undefined ? undefined : new Error(refusal));
    });
    this.io.on("connection", (socket) => this.connected(socket));
    this.recoveryTimer = setInterval(() => this.checkLag(undefined), 500);
    this.recoveryTimer.unref();
  }

  /** Committed journal events, in order; they go out together when the turn ends. */
  publish(events: readonly JournalEvent[]): void {
    const last = events[events.length - 1];
    if (!last) return;
    if (this.io.engine.clientsCount === 0 && this.outgoing.length === 0) {
      this.lastSeq = last.seq;
      return;
    }
    for (const event of events) this.outgoing.push(event);
    if (this.outgoing.length >= maxEventsPerPacket) this.send();
    else if (!this.sendScheduled) {
      this.sendScheduled = true;
      setImmediate(() => {
        this.sendScheduled = false;
        this.send();
      });
    }
  }

  /** After a reset the journal starts again: every viewer gets a fresh snapshot. */
  reset(): void {
    this.lastSeq = 0;
    this.outgoing = [];
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
    this.closed = true;
    clearInterval(this.recoveryTimer);
    for (const resyncs of this.resyncs.values()) clearTimeout(resyncs.timer);
    this.io.local.disconnectSockets(true);
    this.io.engine.close();
  }

  private send(): void {
    const outgoing = this.outgoing;
    this.outgoing = [];
    if (this.closed) return;
    for (let start = 0; start < outgoing.length; start += maxEventsPerPacket) {
      const packet = outgoing.slice(start, start + maxEventsPerPacket);
      const first = packet[0];
      const last = packet[packet.length - 1];
      if (!first || !last) continue;
      this.checkLag({ from: first.seq, to: last.seq });
      this.io.except([syncingRoom, laggingRoom]).emit("events", packet);
      this.lastSeq = last.seq;
    }
  }

  private connected(socket: ViewerSocket): void {
    const waiting = new WaitingPackets();
    this.waiting.set(socket.id, waiting);
    // Packets enter the engine's write buffer one by one, during the emit that creates them, and
    // leave it together on flush.
    socket.conn.on("packetCreate", (packet: unknown) => waiting.created(packetBytes(packet)));
    socket.conn.on("flush", (buffer: readonly unknown[]) => waiting.sent(buffer.length));
    const resyncs: Resyncs = { sending: false, asked: false, lastAt: 0 };
    this.resyncs.set(socket.id, resyncs);
    socket.on("disconnect", () => {
      this.waiting.delete(socket.id);
      this.lagging.delete(socket.id);
      clearTimeout(resyncs.timer);
      this.resyncs.delete(socket.id);
    });
    socket.on("resync", () => {
      resyncs.asked = true;
      this.resync(socket, resyncs);
    });
    void this.sendSnapshot(socket);
  }

  /** Sends the snapshot a viewer asked for once it may: see the module comment. */
  private resync(socket: ViewerSocket, resyncs: Resyncs): void {
    if (!resyncs.asked || resyncs.sending || resyncs.timer || this.closed) return;
    const wait = resyncs.lastAt + this.resyncIntervalMs - Date.now();
    const backedUp = (this.waiting.get(socket.id)?.bytes ?? 0) >= this.highWater;
    if (wait > 0 || backedUp) {
      resyncs.timer = setTimeout(
        () => {
          resyncs.timer = undefined;
          this.resync(socket, resyncs);
        },
        Math.max(wait, this.resyncIntervalMs / 4),
      );
      resyncs.timer.unref();
      return;
    }
    resyncs.asked = false;
    resyncs.sending = true;
    void this.sendSnapshot(socket).finally(() => {
      resyncs.sending = false;
      resyncs.lastAt = Date.now();
      this.resync(socket, resyncs);
    });
  }

  private async sendSnapshot(socket: ViewerSocket): Promise<void> {
    // Out of the event broadcast until the snapshot is out: then no event is missed or repeated.
    socket.join(syncingRoom);
    try {
      await this.options.settled();
      const events = newestWithin(
        this.options.recentEvents(this.lastSeq, this.options.snapshotEvents ?? 500),
        this.options.snapshotEventBytes ?? 1024 * 1024,
      ).map((text) => journalEventSchema.parse(JSON.parse(text)));
      const { status, held } = this.options;
      socket.emit("snapshot", { status: snapshotStatus(status()), held: held(), events });
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
      const waiting = this.waiting.get(socket.id)?.bytes ?? 0;
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

/** The newest of `texts` (oldest first) whose bytes fit in `budget`; always the newest one. */
function newestWithin(texts: readonly string[], budget: number): readonly string[] {
  let bytes = 0;
  for (let i = texts.length - 1; i >= 0; i--) {
    bytes += Buffer.byteLength(texts[i] as string);
    if (bytes > budget && i < texts.length - 1) return texts.slice(i + 1);
  }
  return texts;
}

/** The status with its values digested, as a snapshot carries it. */
function snapshotStatus(status: StatusResponse): SnapshotStatus {
  const store: SnapshotStatus["store"] = Object.create(null);
  for (const [key, siblings] of Object.entries(status.store)) {
    store[key] = siblings.map((sibling) => ({
      ...sibling,
      value: sibling.value === null ? null : digestValue(sibling.value),
    }));
  }
  return {
    ...status,
    store,
    buffer: status.buffer.map((entry) => ({
      ...entry,
      value: entry.value === null ? null : digestValue(entry.value),
    })),
  };
}
