/**
 * `--session <name>` on put, get and delete: the command runs in the named session, whose causal
 * context is kept in a file, so the replica first waits until it has everything the session read
 * or wrote before. Says whether the context was reached; an unreached one is exit 1 with what the
 * replica lacks, and a context from before a cluster reset is cleared.
 */
import { ContextNotReachedError, ReplicaError, type Session } from "@causal-kv/client";
import type { VectorClock } from "@causal-kv/core";
import { maxContextWaitMs } from "@causal-kv/protocol";
import { CliError, exitCodes, usageError } from "./cliError.js";
import type { Command, CommandContext } from "./command.js";
import { usageHint } from "./commandArgs.js";
import { clockText } from "./format/clockText.js";

export const sessionOptions = {
  session: { type: "string" },
  wait: { type: "string" },
} as const;

export const sessionHelp = [
  "  --session <name> run in a causal session kept in a file: the replica first waits",
  "                   until it has everything the session read or wrote before",
  `  --wait <ms>      with --session: how long it may wait (default 2000, at most ${maxContextWaitMs})`,
];

/** What a command ran in its session: whether it carried a context (then reached), and the new one. */
export interface SessionOutcome {
  readonly name: string;
  readonly replica: string;
  readonly contextSent: boolean;
  readonly observed: VectorClock;
}

/**
 * Runs `operation` in the session `--session` names, or outside any session without it; saves the
 * session's new context after a success.
 */
export async function inSession<T>(
  command: Command,
  context: CommandContext,
  at: string,
  operation: (session: Session | undefined) => Promise<T>,
): Promise<{ answer: T; session?: SessionOutcome }> {
  const name = context.values.session;
  const waitText = context.values.wait;
  if (typeof name !== "string") {
    if (typeof waitText === "string") {
      throw usageError(`${command.name}: --wait is for --session`, usageHint(command));
    }
    return { answer: await operation(undefined) };
  }
  const waitMs = typeof waitText === "string" ? waitOption(command, waitText) : undefined;
  const { session } = context.sessions.load(name, waitMs);
  const contextSent = session.token !== undefined;
  try {
    const answer = await operation(session);
    context.sessions.save({ name, session });
    return {
      answer,
      session: { name, replica: at, contextSent, observed: session.context?.clock ?? {} },
    };
  } catch (error) {
    if (error instanceof ContextNotReachedError) {
      throw new CliError(
        "context-not-reached",
        `${at} has not reached session ${name}'s context: it lacks ${missingText(error.missing)}. Nothing was read or written; retry, wait longer (--wait) or ask another replica (--at)`,
        exitCodes.failed,
      );
    }
    if (error instanceof ReplicaError && error.code === "stale-context") {
      session.forget();
      context.sessions.save({ name, session });
      throw new CliError(
        "refused",
        `session ${name} is from before the cluster was reset, so what it had seen is gone: it is cleared; run the command again to start it afresh`,
        exitCodes.failed,
      );
    }
    throw error;
  }
}

/** The line every command run in a session ends with. */
export function sessionLine(outcome: SessionOutcome): string {
  const how = outcome.contextSent
    ? `context reached at ${outcome.replica}`
    : `new, so ${outcome.replica} had no context to wait for`;
  return `session ${outcome.name}: ${how}; it now covers ${clockText(outcome.observed)}`;
}

/** `--json`: the answer, with the session's outcome beside it when there is one. */
export function withSessionJson(answer: object, outcome: SessionOutcome | undefined): object {
  if (!outcome) return answer;
  const { name, replica, contextSent, observed } = outcome;
  return { ...answer, session: { name, replica, contextSent, contextReached: true, observed } };
}

function waitOption(command: Command, text: string): number {
  const ms = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(ms <= maxContextWaitMs)) {
    throw usageError(
      `${command.name}: --wait must be a whole number of milliseconds from 0 to ${maxContextWaitMs}, not ${JSON.stringify(text)}`,
      usageHint(command),
    );
  }
  return ms;
}

function missingText(missing: VectorClock): string {
  const parts = Object.entries(missing).map(([id, count]) => `${id}'s writes up to #${count}`);
  return parts.join(" and ") || "writes it has not received";
}
