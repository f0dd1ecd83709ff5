/**
 * A raw HTTP/1.1 client for fuzzing: the path goes out byte for byte (fetch would resolve `..` and
 * re-encode), any method, any headers, any body bytes. A body over the server's limit may be
 * answered early and the socket closed while it is still being sent: that comes back as `reset`.
 */
import { Agent, type IncomingHttpHeaders, request } from "node:http";

export interface RawRequest {
  readonly method: string;
  /** Sent as is: percent-encoded, or with Latin-1 bytes. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer | undefined;
}

export type RawReply =
  | { readonly status: number; readonly headers: IncomingHttpHeaders; readonly text: string }
  | { readonly reset: string };

export class RawHttpClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 4 });

  constructor(
    private readonly host: string,
    private readonly port: number,
    /** Sent with every `json` read: the credentials a reader needs. */
    private readonly readHeaders: Readonly<Record<string, string>> = {},
  ) {}

  send(raw: RawRequest): Promise<RawReply> {
    return new Promise((resolve) => {
      const headers: Record<string, string> = { ...raw.headers };
      if (raw.body !== undefined) headers["content-length"] = String(raw.body.length);
      const outgoing = request(
        {
          host: this.host,
          port: this.port,
          method: raw.method,
          path: raw.path,
          headers,
          agent: this.agent,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", (error) => resolve({ reset: error.message }));
          response.on("end", () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              text: Buffer.concat(chunks).toString("utf8"),
            }),
          );
        },
      );
      outgoing.on("error", (error) => resolve({ reset: error.message }));
      outgoing.end(raw.body);
    });
  }

  /** A GET whose reply must be a 200, parsed as JSON. */
  async json(path: string): Promise<unknown> {
    const reply = await this.send({ method: "GET", path, headers: { ...this.readHeaders } });
    if (!("status" in reply) || reply.status !== 200) {
      throw new Error(`GET ${path}: ${JSON.stringify(reply).slice(0, 500)}`);
    }
    return JSON.parse(reply.text);
  }

  close(): void {
    this.agent.destroy();
  }
}
