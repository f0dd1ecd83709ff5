/**
 * Test harness: a TCP proxy to one server that can stop reading what the server sends, as a viewer
 * too busy to read would; the server's writes then pile up in its own buffers until `resume`.
 */
import { connect, createServer, type Socket } from "node:net";

export interface StallingProxy {
  /** The proxy's address: `http://127.0.0.1:p`. */
  readonly url: string;
  /** Stops reading from the server on every connection, open or opened later. */
  stall(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startStallingProxy(target: string): Promise<StallingProxy> {
  const { hostname, port } = new URL(target);
  const upstreams = new Set<Socket>();
  const sockets = new Set<Socket>();
  let stalled = false;
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    upstreams.add(upstream);
    // Not pipe(): a pipe resumes its source on its own when the destination drains.
    upstream.on("data", (chunk) => client.write(chunk));
    client.on("data", (chunk) => upstream.write(chunk));
    if (stalled) upstream.pause();
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(socket);
        upstreams.delete(upstream);
      });
      socket.on("error", () => socket.destroy());
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
    stall() {
      stalled = true;
      for (const upstream of upstreams) upstream.pause();
    },
    resume() {
      stalled = false;
      for (const upstream of upstreams) upstream.resume();
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
