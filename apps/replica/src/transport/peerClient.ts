/**
 * HTTP to one peer over kept-alive connections (node:http Agent): one exchange carries a whole
 * batch, and no exchange pays for a new TCP connection. An https peer is reached over TLS,
 * trusting the cluster's CA and presenting this replica's certificate, so the peer knows who sends.
 * A body comes in pieces (a batch's frame and its writes' cached JSON texts): a small one is joined
 * and written once, a large one is written piece by piece, so that a batch of large values is never
 * copied whole into one more string and one more buffer, garbage the size of the batch per peer.
 */
import * as http from "node:http";
import * as https from "node:https";
import type { TlsMaterial } from "../security/tlsOptions.js";

/** Bodies up to this many characters are joined and written at once: fewer writes, same bytes. */
const joinedBodyChars = 64 * 1024;

export interface PeerReply {
  readonly status: number;
  /** The parsed JSON body, or undefined if it was not JSON. */
  readonly body: unknown;
}

export class PeerClient {
  private readonly agent: http.Agent;
  private readonly request: typeof http.request;
  private readonly base: URL;
  /** The base URL's path without its trailing slash: a peer behind a proxy at /replica2/ keeps it. */
  private readonly prefix: string;

  constructor(
    baseUrl: string,
    private readonly headers: Readonly<Record<string, string>>,
    tls?: TlsMaterial,
    private readonly timeoutMs = 5000,
  ) {
    this.base = new URL(baseUrl);
    this.prefix = this.base.pathname.replace(/\/+$/, "");
    const kept = { keepAlive: true, maxSockets: 4, keepAliveMsecs: 1000 };
    if (this.base.protocol === "https:") {
      this.agent = new https.Agent({ ...kept, ca: tls?.ca, cert: tls?.cert, key: tls?.key });
      this.request = https.request;
    } else {
      this.agent = new http.Agent(kept);
      this.request = http.request;
    }
  }

  /** POSTs the JSON text that is `pieces` joined. */
  post(path: string, pieces: readonly string[]): Promise<PeerReply> {
    return this.exchange("POST", path, pieces);
  }

  get(path: string): Promise<PeerReply> {
    return this.exchange("GET", path, undefined);
  }

  private exchange(
    method: string,
    path: string,
    body: readonly string[] | undefined,
  ): Promise<PeerReply> {
    return new Promise((resolve, reject) => {
      const sent: Record<string, string | number> =
        body === undefined
          ? {}
          : { "content-type": "application/json", "content-length": byteLength(body) };
      const req = this.request(
        {
          agent: this.agent,
          protocol: this.base.protocol,
          hostname: this.base.hostname,
          port: this.base.port,
          path: `${this.prefix}${path}`,
          method,
          headers: { ...this.headers, ...sent },
          timeout: this.timeoutMs,
        },
        (res) => {
          // Decoded as it comes: a peer's state (catch-up) can hold the whole store.
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => {
            text += chunk;
          });
          res.on("end", () => {
            let parsed: unknown;
            try {
              parsed = JSON.parse(text);
            } catch {
              parsed = undefined;
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new Error(`no reply within ${this.timeoutMs} ms`)));
      req.on("error", reject);
      if (body === undefined) {
        req.end();
        return;
      }
      const chars = body.reduce((sum, piece) => sum + piece.length, 0);
      if (chars <= joinedBodyChars) {
        req.end(body.join(""));
        return;
      }
      for (const piece of body) req.write(piece);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function byteLength(pieces: readonly string[]): number {
  let bytes = 0;
  for (const piece of pieces) bytes += Buffer.byteLength(piece);
  return bytes;
}
