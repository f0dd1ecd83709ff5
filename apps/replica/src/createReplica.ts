/**
 * Builds one replica, unstarted: its database and restored state, the fastify app with every route
 * behind the browser boundary and the credentials checks, the peer transport and the Socket.IO
 * stream on the same server. `listen()` starts it and `close()` stops it gracefully (in-flight
 * commits are flushed, the database closed).
 */
import type { JournalEvent } from "@causal-kv/core";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import { ApiError } from "./apiError.js";
import { ContextWaits } from "./context/contextWaits.js";
import { registerControlRoutes } from "./http/controlRoutes.js";
import { DirectWrites } from "./http/directWrites.js";
import { docsPrefix, registerDocsRoutes } from "./http/docsRoutes.js";
import {
  jsonBodyParser,
  registerErrorReplies,
  replyToClientError,
  replyToFrameworkError,
} from "./http/errorReplies.js";
import { createHttpServer } from "./http/httpServer.js";
import { KvContext } from "./http/kvContext.js";
import { registerKvRoutes } from "./http/kvRoutes.js";
import { KvWrites } from "./http/kvWrites.js";
import { registerReplicateRoute } from "./http/replicateRoute.js";
import { registerStatusRoutes } from "./http/statusRoutes.js";
import { defaultHttpLimits, type ReplicaConfig } from "./replicaConfig.js";
import { ReplicaNode } from "./replicaNode.js";
import { BrowserBoundary, registerBrowserBoundary } from "./security/browserBoundary.js";
import { bearerToken } from "./security/credential.js";
import { isLoopbackHost, isWildcardAddress } from "./security/hostNames.js";
import { RouteCredentials, registerRouteCredentials } from "./security/routeCredentials.js";
import { readTlsFiles } from "./security/tlsOptions.js";
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
  /** Plain client writes served without fastify, counted; undefined when turned off. */
  readonly directWrites: DirectWrites | undefined;
  /** Starts serving; resolves with the address it listens on. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export function createReplica(config: ReplicaConfig): Replica {
  const now = config.now ?? createWallClock();
  const tls = config.tls === undefined ? undefined : readTlsFiles(config.tls);
  const db = ReplicaDatabase.open(config.dataDir, config.synchronous, config.journal);
  const checkpointer = WalCheckpointer.start(db.connection);
  // Built once the node is (below); the server hands it nothing before listen().
  let directWrites: DirectWrites | undefined;
  const app = Fastify({
    logger: { level: config.logLevel, base: { replica: config.id } },
    // The journal is the log: one line per event, not two per request.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { maxParamLength: 4096 },
    forceCloseConnections: true,
    frameworkErrors: replyToFrameworkError,
    clientErrorHandler: replyToClientError,
    // The direct write path takes what it can serve alike; fastify answers everything else.
    serverFactory: (handler) =>
      createHttpServer(config.http ?? defaultHttpLimits, tls, (request, response) => {
        if (directWrites?.take(request, response) !== true) handler(request, response);
      }),
  });
  const log = app.log;
  const allowedOrigins = config.allowedOrigins ?? [];
  const boundary = new BrowserBoundary({
    allowedOrigins,
    hostNames: ownHostNames(config),
    scheme: tls ? "https" : "http",
  });
  const credentials = new RouteCredentials(config);
  // The hooks reach the stream and the transport, which are built on the node below: the node
  // calls them only once it runs (listen), never while it is constructed.
  const node = new ReplicaNode(
    db,
    { id: config.id, members: Object.keys(config.members) },
    now,
    {
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
      storageFailed: config.storageFailed ?? ((error) => stopOnStorageFailure(config.id, error)),
    },
    { rejoinGate: config.rejoinGate ?? true },
  );
  const waits = new ContextWaits(() => node.delivered, node.id);
  const stream = new EventStream(app.server, {
    replica: node.id,
    allowedOrigins,
    refuseRequest: (headers) => boundary.refusal(headers, "/socket.io")?.message,
    refuseViewer: (auth, headers) => {
      const given =
        typeof auth === "object" && auth !== null && "token" in auth ? auth.token : undefined;
      const token = typeof given === "string" ? given : bearerToken(headers.authorization);
      return credentials.refusal("client", token)?.message;
    },
    log,
    status: () => node.status(),
    held: () => transport.held.list(),
    recentEvents: (upTo, limit) => db.recentEvents(upTo, limit),
    settled: () => node.settled(),
    journalEnd: db.lastEventSeq(),
  });
  const transport = new PeerTransport(node, {
    members: config.members,
    clusterSecret: config.clusterSecret,
    tls,
    random: config.random ?? Math.random,
    now,
    retransmitMs: config.retransmitMs ?? 250,
    log,
    onHeldChange: () => stream.held(transport.held.list()),
  });
  registerErrorReplies(app);
  registerBrowserBoundary(app, boundary);
  registerRouteCredentials(app, credentials);
  registerStatusRoutes(app, node, db);
  const context = new KvContext(node, waits);
  const writes = new KvWrites(node, context);
  registerKvRoutes(app, node, context, writes);
  if (config.directWrites ?? true) {
    directWrites = new DirectWrites({
      writes,
      boundary,
      credentials,
      parseJson: jsonBodyParser(app),
      log,
    });
  }
  registerReplicateRoute(app, node, {
    clusterSecret: config.clusterSecret,
    peerCertificates: tls?.ca !== undefined,
  });
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
    directWrites,
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

/** Names the Host header may carry besides loopback ones: how peers and operators reach it. */
function ownHostNames(config: ReplicaConfig): string[] {
  const names = [...(config.allowedHosts ?? [])];
  const own = config.members[config.id];
  if (own !== undefined) names.push(new URL(own).hostname);
  if (!isWildcardAddress(config.host) && !isLoopbackHost(config.host)) names.push(config.host);
  return names;
}

/**
 * A sync the disk did not confirm: carrying on would acknowledge writes the disk may not have
 * (after a failed fsync the kernel may drop the pages it could not write), so the process stops,
 * saying why on stderr at once, and its restart recovers from what the disk does have.
 */
function stopOnStorageFailure(id: string, error: unknown): never {
  process.stderr.write(
    `replica ${id}: FATAL: the disk did not confirm a sync (${String(error)}); stopping, restart it to recover from disk\n`,
  );
  process.exit(1);
}
