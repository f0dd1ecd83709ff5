/**
 * `watch [replica…]`: the live journal of every replica, one line per event (or one JSON object
 * per line), until Ctrl-C or `--count` events. Replicas are checked first, so a wrong address is an
 * error (exit 3) rather than silence; a replica that goes down later is reported and reconnected.
 */
import { openReplicaStream, type ReplicaStreamHandlers } from "@causal-kv/client";
import type { JournalEvent } from "@causal-kv/core";
import type {
  HeldChange,
  HeldMessage,
  LaggedNotice,
  LinksChange,
  StreamSnapshot,
} from "@causal-kv/protocol";
import { exitCodes } from "../cliError.js";
import type { Command, CommandContext } from "../command.js";
import { usageHint } from "../commandArgs.js";
import { clockText } from "../format/clockText.js";
import { journalLine } from "../format/journalLine.js";
import { linkText } from "../format/linkText.js";
import { JournalCursors } from "../journalCursors.js";
import { countOption } from "../numberOption.js";

/** How `watch` shows what the streams say: one event per line, so one event at a time. */
interface WatchPrinter {
  snapshot(id: string, snapshot: StreamSnapshot): void;
  event(id: string, event: JournalEvent): void;
  lagged(id: string, notice: LaggedNotice): void;
  links(id: string, change: LinksChange): void;
  held(id: string, change: HeldChange): void;
  down(id: string, reason: string): void;
  malformed(id: string, what: string, problem: string): void;
}

export const watchCommand: Command = {
  name: "watch",
  summary: "the live event stream of every replica",
  usage: "causal-kv watch [<replica>…] [--count <n>] [--history]",
  help: [
    "Prints every journal event as it happens: write, send, receive, buffer, deliver,",
    "duplicate, mode, restart, each with the replica's clock after it; and link, hold and",
    "connection changes. Ctrl-C stops. With --json, one JSON object per line:",
    '{ "replica", "kind": snapshot|event|lagged|links|held|down, "data" }.',
    "",
    "  --count <n>   stop after n journal events",
    "  --history     also print the recent events each replica sends on connecting",
    "",
    "After a reconnect (a replica restarted) or a skip (this terminal fell behind), the events",
    "not shown yet are printed from the replica's snapshot, so none is missed.",
    "",
    "example: causal-kv watch",
    "example: causal-kv watch node3 --count 10",
  ],
  options: { count: { type: "string" }, history: { type: "boolean" } },
  async run(context) {
    const { replicas, io } = context;
    const ids = context.positionals.length > 0 ? context.positionals : replicas.ids;
    const endpoints = ids.map((id) => replicas.endpoint(id));
    const limit =
      typeof context.values.count === "string"
        ? countOption("--count", context.values.count, usageHint(watchCommand))
        : Number.POSITIVE_INFINITY;
    await Promise.all(endpoints.map(({ id }) => replicas.client(id).health()));

    const width = Math.max(...endpoints.map(({ id }) => id.length));
    const print = context.json ? jsonPrinter(context) : textPrinter(context, width);
    if (!context.json) io.stdout(`watching ${ids.join(", ")}; Ctrl-C stops`);

    let seen = 0;
    let stop: () => void = () => {};
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const emit = (id: string, event: JournalEvent) => {
      if (seen >= limit) return;
      seen++;
      print.event(id, event);
      if (seen >= limit) stop();
    };
    const cursors = new JournalCursors();
    const history = context.values.history === true;
    const handlers: ReplicaStreamHandlers = {
      snapshot(id, snapshot) {
        print.snapshot(id, snapshot);
        for (const event of cursors.unseen(id, snapshot, history)) emit(id, event);
      },
      events(id, events) {
        for (const event of events) {
          cursors.saw(id, event);
          emit(id, event);
        }
      },
      lagged: print.lagged,
      links: print.links,
      held: print.held,
      down: print.down,
      malformed: print.malformed,
    };
    const { token } = context.replicas;
    const closers = endpoints.map((endpoint) =>
      openReplicaStream(endpoint, handlers, token === undefined ? {} : { token }),
    );
    context.io.signal?.addEventListener("abort", stop, { once: true });
    if (context.io.signal?.aborted) stop();
    await stopped;
    for (const close of closers) close();
    return exitCodes.ok;
  },
};

function jsonPrinter({ io }: CommandContext): WatchPrinter {
  const line = (replica: string, kind: string, data: unknown) =>
    io.stdout(JSON.stringify({ replica, kind, data }));
  return {
    snapshot: (id, data) => line(id, "snapshot", data),
    event: (id, data) => line(id, "event", data),
    lagged: (id, data) => line(id, "lagged", data),
    links: (id, data) => line(id, "links", data.links),
    held: (id, data) => line(id, "held", data.held),
    down: (id, reason) => line(id, "down", { reason }),
    malformed: (id, what, problem) =>
      io.stderr(JSON.stringify({ replica: id, malformed: what, problem })),
  };
}

function textPrinter({ io }: CommandContext, width: number): WatchPrinter {
  const say = (id: string, text: string) =>
    io.stdout(`${" ".repeat(14)}${id.padEnd(width)}  ${text}`);
  return {
    snapshot: (id, snapshot) => {
      say(id, snapshotText(snapshot));
      if (snapshot.held.length > 0) say(id, heldText(snapshot.held));
    },
    event: (_id, event: JournalEvent) => io.stdout(journalLine(event, width)),
    lagged: (id, notice) =>
      say(
        id,
        `fell behind: ${notice.skipped} events skipped (#${notice.from} to #${notice.to}); asking for a fresh snapshot`,
      ),
    links: (id, change) => {
      const faulty = Object.entries(change.links).filter(
        ([, link]) => linkText(link) !== "healthy",
      );
      const text = faulty.map(([peer, link]) => `→ ${peer} ${linkText(link)}`).join("; ");
      say(id, `links: ${faulty.length === 0 ? "all healthy" : text}`);
    },
    held: (id, change) => say(id, heldText(change.held)),
    down: (id, reason) => say(id, `disconnected (${reason}); reconnecting…`),
    malformed: (id, what, problem) =>
      io.stderr(`causal-kv: ${id} sent a malformed ${what}: ${problem}`),
  };
}

function snapshotText({ status }: StreamSnapshot): string {
  const keys = Object.keys(status.store).length;
  return `connected: epoch ${status.epoch}, ${status.mode} delivery, ${keys} key${keys === 1 ? "" : "s"}, ${status.buffer.length} buffered   [${clockText(status.clock)}]`;
}

function heldText(held: readonly HeldMessage[]): string {
  const names = held.map(
    ({ message, to }) => `${message.origin}:${message.clock[message.origin] ?? 0} → ${to}`,
  );
  return names.length === 0 ? "holds no messages" : `holds ${names.length}: ${names.join(", ")}`;
}
