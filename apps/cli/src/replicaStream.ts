/**
 * One replica's live stream (Socket.IO on its own port, or under its proxy's path prefix), every
 * payload parsed with the protocol's schemas before a handler sees it. The socket reconnects by
 * itself; `down` and `up` say when the replica goes away and comes back, once per change.
 */
import { replicaStreamAddress } from "@causal-kv/client";
import type { JournalEvent } from "@causal-kv/core";
import {
  type ClientToServerEvents,
  type HeldChange,
  heldChangeSchema,
  type LaggedNotice,
  type LinksChange,
  laggedNoticeSchema,
  linksChangeSchema,
  type ServerToClientEvents,
  type StreamSnapshot,
  streamEventsSchema,
  streamSnapshotSchema,
} from "@causal-kv/protocol";
import { io, type Socket } from "socket.io-client";
import type { z } from "zod";
import type { ReplicaEndpoint } from "./replicaList.js";

export interface StreamHandlers {
  snapshot(id: string, snapshot: StreamSnapshot): void;
  event(id: string, event: JournalEvent): void;
  lagged(id: string, notice: LaggedNotice): void;
  links(id: string, change: LinksChange): void;
  held(id: string, change: HeldChange): void;
  down(id: string, reason: string): void;
  malformed(id: string, what: string, problem: string): void;
}

/** Opens the stream; the returned function closes it. */
export function openReplicaStream(
  { id, url }: ReplicaEndpoint,
  handlers: StreamHandlers,
  token?: string,
): () => void {
  // A replica behind a proxy at a path prefix: a path in io()'s URL would name a namespace.
  const address = replicaStreamAddress(url);
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(address.url, {
    path: address.path,
    // The token a replica with CLIENT_TOKEN asks of viewers (the admin token is one).
    ...(token === undefined ? {} : { auth: { token } }),
    transports: ["websocket"],
    forceNew: true,
    reconnectionDelay: 300,
    reconnectionDelayMax: 1500,
  });
  let up = false;
  const parsed = <T>(schema: z.ZodType<T>, what: string, raw: unknown, use: (data: T) => void) => {
    const result = schema.safeParse(raw);
    if (result.success) use(result.data);
    else handlers.malformed(id, what, result.error.issues[0]?.message ?? "bad shape");
  };
  socket.on("connect", () => {
    up = true;
  });
  socket.on("snapshot", (raw) =>
    parsed(streamSnapshotSchema, "snapshot", raw, (data) => handlers.snapshot(id, data)),
  );
  socket.on("events", (raw) =>
    parsed(streamEventsSchema, "batch of events", raw, (events) => {
      for (const event of events) handlers.event(id, event);
    }),
  );
  socket.on("lagged", (raw) =>
    parsed(laggedNoticeSchema, "lagged notice", raw, (data) => {
      handlers.lagged(id, data);
      // The skipped events are gone from the stream; a fresh snapshot puts the view right again.
      socket.emit("resync");
    }),
  );
  socket.on("links", (raw) =>
    parsed(linksChangeSchema, "links change", raw, (data) => handlers.links(id, data)),
  );
  socket.on("held", (raw) =>
    parsed(heldChangeSchema, "held change", raw, (data) => handlers.held(id, data)),
  );
  socket.on("disconnect", (reason) => {
    if (up) handlers.down(id, reason);
    up = false;
  });
  return () => {
    socket.removeAllListeners();
    socket.disconnect();
  };
}
