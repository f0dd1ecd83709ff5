/**
 * Builds one replica, unstarted: its database and restored state, the fastify app with every route,
 * the peer transport and the Socket.IO stream on the same server. `listen()` starts it and
 * `close()` stops it gracefully (in-flight commits are flushed, the database closed).
 */
import type { JournalEvent } from "@causal-kv/core";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import { ApiError } from "./apiError.js";
import { ContextWaits } from "./context/contextWaits.js";
import { registerControlRoutes } from "./http/controlRoutes.js";
import { registerCors } from "./http/cors.js";
import { docsPrefix, registerDocsRoutes } from "./http/docsRoutes.js";
import {
  registerErrorReplies,
  replyToClientError,
  replyToFrameworkError,
} from "./http/errorReplies.js";
import { registerKvRoutes } from "./http/kvRoutes.js";
import { registerReplicateRoute } from "./http/replicateRoute.js";
import { registerStatusRoutes } from "./http/statusRoutes.js";
import type { ReplicaConfig } from "./replicaConfig.js";
import { ReplicaNode } from "./replicaNode.js";
import { ReplicaDatabase } from "./storage/replicaDatabase.js";
import { WalCheckpointer } from "./storage/walCheckpointer.js";
import { EventStream } from "./stream/eventStream.js";
import { PeerTransport } from "./transport/peerTransport.js";
import { createWallClock } from "./wallClock.js";

export interface Replica {
  readonly app: FastifyInstance;
  readonly node: ReplicaNode;
  /** Requests waiting for their causal context. */
  readonly waits: ContextWaits;
  /** Starts serving; resolves with the address it listens on. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export function createReplica(config: ReplicaConfig): Replica {
  const now = config.now ?? createWallClock();
  const db = ReplicaDatabase.open(config.dataDir, config.synchronous);
  const checkpointer = WalCheckpointer.start(db.connection);
  const node = new ReplicaNode(db, { id: config.id, members: Object.keys(config.members) }, now);
  const waits = new ContextWaits(() => node.delivered, node.id);
  const app = Fastify({
    logger: { level: config.logLevel, base: { replica: config.id } },
    // The journal is the log: one line per event, not two per request.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { maxParamLength: 4096 },
    forceCloseConnections: true,
    frameworkErrors: replyToFrameworkError,
    clientErrorHandler: replyToClientError,
  });
  const log = app.log;
  const stream = new EventStream(app.server, {
    replica: node.id,
    corsOrigin: config.corsOrigin,
    log,
    status: () => node.status(),
    recentEvents: (upTo, limit) => db.recentEvents(upTo, limit),
    settled: () => node.settled(),
    journalEnd: db.lastEventSeq(),
  });
  const transport = new PeerTransport(node, {
    members: config.members,
    clusterSecret: config.clusterSecret,
    random: config.random ?? Math.random,
    now,
    retransmitMs: config.retransmitMs ?? 250,
    log,
    onHeldChange: () => stream.held(transport.held.list()),
  });
  node.hooks = {
    journal(events: readonly JournalEvent[]) {
      // One structured line per journal event.
      for (const event of events) log.info({ event }, `journal ${event.type}`);
      stream.publish(events);
      waits.wake();
    },
    localWrite: (message, epoch) => transport.send(message, epoch),
    linkChanged(peer, _before, after) {
      log.info({ peer, link: after }, "link changed");
      transport.linkChanged(peer);
      stream.links(node.allLinks());
    },
    reset(epoch) {
      log.info({ epoch }, "reset");
      waits.failAll(
        new ApiError(
          "stale-context",
          `the cluster was reset to epoch ${epoch} while the request waited`,
        ),
      );
      transport.reset();
      stream.reset();
      stream.links(node.allLinks());
    },
  };
  registerErrorReplies(app);
  registerCors(app, config.corsOrigin);
  registerStatusRoutes(app, node, db);
  registerKvRoutes(app, node, waits);
  registerReplicateRoute(app, node, config.clusterSecret);
  registerControlRoutes(
    app,
    node,
    transport,
    config.crash ?? (() => process.kill(process.pid, "SIGKILL")),
  );
  registerDocsRoutes(app);

  let closed = false;
  return {
    app,
    node,
    waits,
    async listen() {
      await node.start();
      const address = await app.listen({ host: config.host, port: config.port });
      transport.start();
      log.info(
        { address, docs: `${address}${docsPrefix}`, epoch: node.epoch, members: node.members },
        "replica listening",
      );
      return address;
    },
    async close() {
      if (closed) return;
      closed = true;
      transport.stop();
      waits.failAll(new ApiError("shutting-down"));
      stream.close();
      await app.close();
      node.flush();
      await checkpointer?.stop();
      db.close();
    },
  };
}
