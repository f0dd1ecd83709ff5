/**
 * Test harness: a reverse proxy on a free loopback port that serves servers under path prefixes
 * (`/replica1/kv/x` → node1's `/kv/x`), HTTP and WebSocket upgrades alike, as nginx would; the
 * longest matching prefix wins, and "" routes everything else. A path no prefix matches gets a
 * 404 no replica would give, so a request that lost its prefix cannot pass.
 * Exported as `@causal-kv/client/testkit/proxy`, also under the `default` condition, which is the
 * one Playwright resolves; it imports only Node, so it runs there as it is.
 */
import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import { connect, type Socket } from "node:net";

export interface PrefixProxy {
  /** The proxy's address, without a trailing slash: `http://127.0.0.1:p`. */
  readonly url: string;
  /** Every request seen, as "METHOD /path" before the prefix is stripped. */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * `routes` maps a prefix ("/replica1", or "" for the rest) to the server it forwards to. It is
 * read at each request, so a route can be added once its server knows the proxy's address.
 */
export async function startPrefixProxy(
  routes: Readonly<Record<string, string>>,
): Promise<PrefixProxy> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  /** Where the request goes, with its path as the server behind the prefix sees it. */
  const route = (request: IncomingMessage): { to: URL; path: string } | undefined => {
    const path = request.url ?? "/";
    requests.push(`${request.method} ${path}`);
    const prefixes = Object.keys(routes).sort((a, b) => b.length - a.length);
    const prefix = prefixes.find(
      (p) => p === "" || path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}?`),
    );
    const target = prefix === undefined ? undefined : routes[prefix];
    if (prefix === undefined || target === undefined) return undefined;
    const rest = path.slice(prefix.length);
    return { to: new URL(target), path: rest.startsWith("/") ? rest : `/${rest}` };
  };

  const server = createServer((request, response) => {
    const routed = route(request);
    if (!routed) {
      response.writeHead(404, { "content-type": "text/plain" }).end("no such route on the proxy");
      return;
    }
    const { to, path } = routed;
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
    const routed = route(request);
    if (!routed) {
      client.end("HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n");
      return;
    }
    const { to, path } = routed;
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
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
