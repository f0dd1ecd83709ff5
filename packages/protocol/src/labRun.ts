/**
 * The lab server's own stream (Socket.IO at `/lab/socket.io` on the dashboard's origin): the one
 * scenario run of the cluster, which every viewer sees the same, and the commands that drive it.
 * The server sends the whole state on connect and after every change, so a viewer that joins
 * mid-run needs nothing else; commands are answered with an acknowledgement saying why one was
 * refused.
 */
import { z } from "zod";
import { deliveryModeSchema } from "./deliveryMode.js";
import { writeResponseSchema } from "./kv.js";
import { replicaIdSchema } from "./replicaId.js";
import { scenarioFileSchema } from "./scenarioFile.js";
import { siblingSchema } from "./status.js";
import { vectorClockSchema } from "./vectorClock.js";

/** How fast the run's scripted delays pass: ¼×, ½× or 1×. */
export const runSpeedSchema = z.union([z.literal(0.25), z.literal(0.5), z.literal(1)]);
export type RunSpeed = z.infer<typeof runSpeedSchema>;

const verdictLineSchema = z.object({ ok: z.boolean(), text: z.string() });

/** A question the run asks before the answer happens; each viewer answers on its own device. */
export const runQuestionSchema = z.object({
  /** The step's index: a viewer's answer names it, so a late answer to an old question is refused. */
  step: z.int().nonnegative(),
  text: z.string(),
  choices: z.array(z.string()).min(2),
  /** Answers so far, per choice (shown to controllers while open, to everyone once closed). */
  tally: z.record(z.string(), z.int().nonnegative()),
  /** Closed once the teacher pressed Next: the run goes on and shows what really happens. */
  open: z.boolean(),
  /** The right choice and why, once closed. */
  answer: z.string().optional(),
  explanation: z.string().optional(),
});
export type RunQuestion = z.infer<typeof runQuestionSchema>;

export const runPhaseSchema = z.enum(["running", "done", "failed", "stopped"]);
export type RunPhase = z.infer<typeof runPhaseSchema>;

/** The run the lab shows: the last one started, until another starts. */
export const labRunSchema = z.object({
  /** A new number for every run, so a viewer can tell a new run from the same one changing. */
  number: z.int().positive(),
  scenario: z.object({
    id: z.string(),
    title: z.string(),
    summary: z.string(),
    /** A loaded scenario file's run, rather than the catalog's scenario of that id. */
    fromFile: z.boolean().optional(),
  }),
  delivery: deliveryModeSchema,
  phase: runPhaseSchema,
  /** Steps begun so far, of `steps`: the one being carried out (0: none yet). */
  step: z.int().nonnegative(),
  steps: z.int().positive(),
  /** What the run has said so far, oldest first: the last is the current narration step. */
  narration: z.array(z.string()),
  /** The checks judged so far, then the whole verdict once the run ended. */
  verdict: z.array(verdictLineSchema).readonly(),
  question: runQuestionSchema.optional(),
  /** Why it failed or was stopped, when it was. */
  error: z.string().optional(),
});
export type LabRun = z.infer<typeof labRunSchema>;

/** A named client's request (a scenario's Alice, Bob, Carol), as sent and then answered. */
export const clientExchangeSchema = z.object({
  id: z.int().nonnegative(),
  client: z.string(),
  replica: replicaIdSchema,
  operation: z.enum(["read", "write"]),
  key: z.string(),
  value: z.string().nullable().optional(),
  sentAt: z.number(),
  context: vectorClockSchema.optional(),
  answer: z
    .object({
      at: z.number(),
      read: z.array(siblingSchema).readonly().optional(),
      written: writeResponseSchema.optional(),
      context: vectorClockSchema.optional(),
      error: z.string().optional(),
    })
    .optional(),
});

export const labStateSchema = z.object({
  run: labRunSchema.optional(),
  /** Paused: the links are frozen (messages in flight wait) and the run's script stands still. */
  paused: z.boolean(),
  speed: runSpeedSchema,
  /** Oddity's mode: every link holds, and a message moves only when someone releases it. */
  stepMessages: z.boolean(),
  /** Whether runs stop at their questions (Predict) until the teacher's Next. */
  questions: z.boolean(),
  /** The named clients' requests of the current run. */
  exchanges: z.array(clientExchangeSchema),
});
export type LabState = z.infer<typeof labStateSchema>;

/** What a viewer is allowed: without a lab key everyone controls. */
export const labRoleSchema = z.enum(["controller", "watcher"]);

/**
 * A run of a built-in scenario, by its id, or of a scenario file a teacher loaded (one object, not
 * a union, so a bad file's refusal names its step and field).
 */
export const startRunSchema = z
  .object({
    scenario: z.string().min(1).optional(),
    file: scenarioFileSchema.optional(),
    delivery: deliveryModeSchema,
  })
  .refine((start) => (start.scenario === undefined) !== (start.file === undefined), {
    message: "start names a scenario or sends a scenario file, not both",
  });
export type StartRun = z.infer<typeof startRunSchema>;
export const answerSchema = z.object({ step: z.int().nonnegative(), choice: z.string().min(1) });
export type RunAnswer = z.infer<typeof answerSchema>;
export const speedRequestSchema = z.object({ speed: runSpeedSchema });
export const stepMessagesRequestSchema = z.object({ on: z.boolean() });
export const questionsRequestSchema = z.object({ on: z.boolean() });

/** A command's outcome: refused ones say why, in a sentence for the viewer. */
export const commandReplySchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]);
export type CommandReply = z.infer<typeof commandReplySchema>;
type Reply = (reply: CommandReply) => void;

export interface LabServerToClientEvents {
  state: (state: LabState) => void;
  /** This viewer's role and, while a question is open, the choice it made. */
  viewer: (viewer: { role: z.infer<typeof labRoleSchema>; answered?: string }) => void;
}

export interface LabClientToServerEvents {
  start: (request: StartRun, reply: Reply) => void;
  stop: (reply: Reply) => void;
  pause: (reply: Reply) => void;
  resume: (reply: Reply) => void;
  next: (reply: Reply) => void;
  speed: (request: z.infer<typeof speedRequestSchema>, reply: Reply) => void;
  stepMessages: (request: z.infer<typeof stepMessagesRequestSchema>, reply: Reply) => void;
  questions: (request: z.infer<typeof questionsRequestSchema>, reply: Reply) => void;
  answer: (request: RunAnswer, reply: Reply) => void;
}

/** Where the lab server's stream listens, on the dashboard's own origin. */
export const labSocketPath = "/lab/socket.io";
