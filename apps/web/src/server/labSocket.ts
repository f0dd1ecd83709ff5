/**
 * The lab server's own Socket.IO stream at `/lab/socket.io`: every viewer gets the lab's run state
 * on connect and after every change, and sends the teacher's commands. Only the dashboard's own
 * pages may connect (Host and Origin as for every request); only a controller's commands are
 * carried out, but every viewer may answer a question. Each command is parsed with the protocol's
 * schema and answered with a reply that says why it was refused.
 */
import type { Server as HttpServer, IncomingMessage } from "node:http";
import {
  answerSchema,
  type CommandReply,
  type LabClientToServerEvents,
  type LabServerToClientEvents,
  labServerErrors,
  labSocketPath,
  questionsRequestSchema,
  speedRequestSchema,
  startRunSchema,
  stepMessagesRequestSchema,
} from "@causal-kv/protocol";
import { Server } from "socket.io";
import { z } from "zod";
import type { LabAccess } from "./labAccess.ts";
import type { LabRuns } from "./labRuns.ts";
import { hostAllowed, sameOrigin } from "./requestGuard.ts";

export interface LabSocketOptions {
  readonly runs: LabRuns;
  readonly access: (request: IncomingMessage) => LabAccess;
  readonly hostNames: readonly string[];
}

type Reply = (reply: CommandReply) => void;

const watching: CommandReply = {
  ok: false,
  code: "lab-key-required",
  message: labServerErrors["lab-key-required"].message,
};

export function attachLabSocket(server: HttpServer, options: LabSocketOptions) {
  const io = new Server<LabClientToServerEvents, LabServerToClientEvents>(server, {
    path: labSocketPath,
    serveClient: false,
    // Other upgrades (the replicas' streams) are the lab server's to forward, not to end.
    destroyUpgrade: false,
    allowRequest: (request, callback) => {
      const { host, origin } = request.headers;
      callback(null, hostAllowed(host, options.hostNames) && sameOrigin(origin, host));
    },
  });
  const { runs } = options;
  runs.onChange((state) => {
    io.emit("state", state);
  });

  io.on("connection", (socket) => {
    const { role } = options.access(socket.request);
    const given: unknown = socket.handshake.auth.viewer;
    const viewer = typeof given === "string" && given.length <= 64 ? given : socket.id;
    const answered = runs.answerOf(viewer);
    socket.emit("viewer", { role, ...(answered === undefined ? {} : { answered }) });
    socket.emit("state", runs.state());

    /** A command with a body: parsed, then carried out for a controller only. */
    const command = <S extends z.ZodType>(
      schema: S,
      carryOut: (request: z.infer<S>) => CommandReply,
      anyone = false,
    ) =>
      ((request: unknown, reply: unknown) => {
        if (typeof reply !== "function") return;
        const answer = reply as Reply;
        if (!anyone && role !== "controller") return answer(watching);
        const parsed = schema.safeParse(request);
        if (!parsed.success)
          return answer({ ok: false, code: "bad-request", message: z.prettifyError(parsed.error) });
        answer(carryOut(parsed.data));
      }) as never;
    /** A command without a body, for a controller only. */
    const bare = (carryOut: () => CommandReply) =>
      ((reply: unknown) => {
        if (typeof reply !== "function") return;
        (reply as Reply)(role === "controller" ? carryOut() : watching);
      }) as never;

    socket.on(
      "start",
      command(startRunSchema, (request) => runs.start(request)),
    );
    socket.on(
      "stop",
      bare(() => runs.stop()),
    );
    socket.on(
      "pause",
      bare(() => runs.pause()),
    );
    socket.on(
      "resume",
      bare(() => runs.resume()),
    );
    socket.on(
      "next",
      bare(() => runs.next()),
    );
    socket.on(
      "speed",
      command(speedRequestSchema, ({ speed }) => runs.speed(speed)),
    );
    socket.on(
      "stepMessages",
      command(stepMessagesRequestSchema, ({ on }) => runs.setStepMessages(on)),
    );
    socket.on(
      "questions",
      command(questionsRequestSchema, ({ on }) => runs.setQuestions(on)),
    );
    socket.on(
      "answer",
      command(
        answerSchema,
        (request) => {
          const reply = runs.answer(viewer, request);
          if (reply.ok) socket.emit("viewer", { role, answered: request.choice });
          return reply;
        },
        true,
      ),
    );
  });
  return io;
}
