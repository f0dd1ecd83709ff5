/**
 * A tiny real HTTP server on a free loopback port that answers whatever a test scripts, for
 * checking how the client takes answers no replica would give (nonsense, silence, cut-off bodies).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export interface AnsweringServer {
  readonly url: string;
  /** Every request seen, as "METHOD /path". */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startAnsweringServer(
  answer: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<AnsweringServer> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    answer(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("the server has no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with this status and body (objects as JSON, strings as they are). */
export function answerWith(status: number, body: unknown) {
  return (_request: IncomingMessage, response: ServerResponse): void => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    response.writeHead(status, { "content-type": "application/json" }).end(text);
  };
}
