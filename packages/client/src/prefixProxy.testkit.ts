/**
 * Test harness: a reverse proxy on a free loopback port that serves one replica under a path
 * prefix (`/replica1/kv/x` → `/kv/x`), HTTP and WebSocket upgrades alike, as nginx would. Anything
 * outside the prefix gets a 404 no replica would give, so a request that lost it cannot pass.
 */
import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import { connect, type Socket } from "node:net";

export interface PrefixProxy {
  /** The proxy's address with the prefix and no trailing slash: `http://127.0.0.1:p/replica1`. */
  readonly url: string;
  /** Every request seen, as "METHOD /path" before the prefix is stripped. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startPrefixProxy(target: string, prefix: string): Promise<PrefixProxy> {
  const to = new URL(target);
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const stripped = (request: IncomingMessage): string | undefined => {
    const path = request.url ?? "/";
    requests.push(`${request.method} ${path}`);
    if (path !== prefix && !path.startsWith(`${prefix}/`) && !path.startsWith(`${prefix}?`))
      return undefined;
    const rest = path.slice(prefix.length);
    return rest.startsWith("/") ? rest : `/${rest}`;
  };

  const server = createServer((request, response) => {
    const path = stripped(request);
    if (path === undefined) {
      response.writeHead(404, { "content-type": "text/plain" }).end("no such route on the proxy");
      return;
    }
    const upstream = httpRequest(
      { host: to.hostname, port: to.port, method: request.method, path, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", () => response.destroy());
    request.pipe(upstream);
  });
  server.on("upgrade", (request: IncomingMessage, client: Socket, head: Buffer) => {
    const path = stripped(request);
    if (path === undefined) {
      client.end("HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n");
      return;
    }
    const upstream = connect(Number(to.port), to.hostname, () => {
      const headers = Object.entries(request.headers).flatMap(([name, value]) =>
        (Array.isArray(value) ? value : [value ?? ""]).map((v) => `${name}: ${v}\r\n`),
      );
      upstream.write(`${request.method} ${path} HTTP/1.1\r\n${headers.join("")}\r\n`);
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("the proxy has no port");
  return {
    url: `http://127.0.0.1:${address.port}${prefix}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
