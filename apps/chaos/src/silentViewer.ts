/**
 * A stream viewer that never reads: it opens a replica's Socket.IO stream over a raw WebSocket,
 * stops reading its socket, and asks for a snapshot (`resync`) again and again. Whatever the
 * replica sends it piles up on the replica's side of the connection, so this is how a soak checks
 * that a replica bounds what it keeps for a slow viewer. Closing it ends the connection.
 */
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";

/** Engine.IO 4 closes a client that does not answer its pings; a pong now and then keeps it open. */
const pongEveryMs = 10_000;

export interface SilentViewerOptions {
  /** The replica's `http://host:port`. */
  readonly url: string;
  /** Its ADMIN_TOKEN (a viewer needs a token when the replica has one). */
  readonly token: string;
  readonly resyncsPerSecond: number;
}

export class SilentViewer {
  /** Snapshots asked for, and whether the replica took the connection. */
  resyncs = 0;
  private opened = false;
  private readonly socket: Socket;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(options: SilentViewerOptions) {
    const { hostname, port } = new URL(options.url);
    this.socket = connect({ host: hostname, port: Number(port) });
    // A connection the replica ends (as it may, to protect itself) is not an error here.
    this.socket.on("error", () => this.close());
    this.socket.once("connect", () => {
      this.socket.write(
        [
          "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1",
          `Host: ${hostname}:${port}`,
          "Upgrade: websocket",
          "Connection: Upgrade",
          `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}`,
          "Sec-WebSocket-Version: 13",
          `Authorization: Bearer ${options.token}`,
          "",
          "",
        ].join("\r\n"),
      );
      // Connect to the default namespace, then never read what comes back.
      this.send("40");
      this.socket.pause();
      this.opened = true;
      this.timers.push(
        setInterval(() => {
          this.send('42["resync"]');
          this.resyncs++;
        }, 1000 / options.resyncsPerSecond),
        setInterval(() => this.send("3"), pongEveryMs),
      );
    });
  }

  get connected(): boolean {
    return this.opened && !this.socket.destroyed;
  }

  close(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.socket.destroy();
  }

  /** One masked text frame, as a WebSocket client must send. */
  private send(text: string): void {
    if (this.socket.destroyed) return;
    this.socket.write(textFrame(text));
  }
}

export function textFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  if (payload.length > 125) throw new Error("a silent viewer sends only short frames");
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] ?? 0)));
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]);
}
