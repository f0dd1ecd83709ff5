/**
 * `status [replica…]`: every replica's clock, store, buffer, faulty links and held messages. The
 * replicas that answer are shown even when one does not; then the exit status is 3 and stderr says
 * which replica is unreachable and why.
 */
import { ReplicaError } from "@causal-kv/client";
import { type CliError, exitCodes } from "../cliError.js";
import type { Command } from "../command.js";
import { sessionRows, sessionViews } from "../format/sessionText.js";
import { type ReplicaReading, statusReport } from "../format/statusReport.js";
import { explainFailure, printFailure } from "../reportFailure.js";

export const statusCommand: Command = {
  name: "status",
  summary: "each replica's clock, store, buffer and links, as a table",
  usage: "causal-kv status [<replica>…] [--session <name>]",
  help: [
    "Asks every replica (or just those named) for its state: delivery mode, epoch, vector",
    "clock, key count, buffered writes and writes its peers have not acknowledged; then the",
    "stores side by side, what waits in each buffer, every link that is not healthy, and",
    "the messages held on links (causal-kv link <from> <to> --release sends them).",
    "Then the saved sessions (--session <name>: only that one): the epoch and the clock each",
    "has observed. Exits 3 if a replica does not answer (the others are still shown).",
    "",
    "example: causal-kv status",
    "example: causal-kv status node1 node3 --json",
  ],
  options: { session: { type: "string" } },
  async run(context) {
    const { replicas } = context;
    const ids = context.positionals.length > 0 ? context.positionals : replicas.ids;
    const endpoints = ids.map((id) => replicas.endpoint(id));
    const failures = new Map<string, CliError>();
    const readings = await Promise.all(
      endpoints.map(async ({ id, url }): Promise<ReplicaReading> => {
        const client = replicas.client(id);
        try {
          const [status, { held }] = await Promise.all([client.status(), client.held()]);
          return { id, url, status, held };
        } catch (error) {
          if (!(error instanceof ReplicaError && !error.answered)) throw error;
          failures.set(id, explainFailure(error, replicas));
          return { id, url, unreachable: replicas.lastFailure(id)?.reason ?? "no answer" };
        }
      }),
    );
    const named = context.values.session;
    const saved =
      typeof named === "string" ? [context.sessions.load(named)] : context.sessions.list();
    const epochs = readings.flatMap((reading) =>
      "status" in reading ? [reading.status.epoch] : [],
    );
    const sessions = sessionViews(
      saved,
      epochs.length > 0 ? Math.max(...epochs) : undefined,
      replicas.ids,
    );
    if (context.json) {
      context.io.stdout(
        JSON.stringify({
          replicas: readings.map(jsonReading),
          ...(sessions.length > 0 ? { sessions } : {}),
        }),
      );
    } else {
      for (const line of statusReport(readings)) context.io.stdout(line);
      for (const line of sessionRows(sessions, context.sessions.dir)) context.io.stdout(line);
    }
    for (const { id } of endpoints) {
      const failure = failures.get(id);
      if (failure) printFailure(failure, context.json, context.io);
    }
    return failures.size > 0 ? exitCodes.unreachable : exitCodes.ok;
  },
};

function jsonReading(reading: ReplicaReading) {
  return "status" in reading
    ? { id: reading.id, url: reading.url, up: true, status: reading.status, held: reading.held }
    : { id: reading.id, url: reading.url, up: false, unreachable: reading.unreachable };
}
