/**
 * `link <from> <to>`: the faults on the link from one replica to another (delay, jitter, drop rate,
 * partition, hold), set with options or shown without, and the release of held messages. Every
 * number is checked here first, so a bad one changes no link.
 */
import { writeId } from "@causal-kv/core";
import type { LinkSettings, LinkUpdate } from "@causal-kv/protocol";
import { healthyLink } from "@causal-kv/protocol";
import { exitCodes, usageError } from "../cliError.js";
import type { Command, CommandContext } from "../command.js";
import { expectPositionals, usageHint } from "../commandArgs.js";
import { linkText } from "../format/linkText.js";
import { millisecondsOption, rateOption } from "../numberOption.js";

export const linkCommand: Command = {
  name: "link",
  summary: "show or set the faults on a link (delay, jitter, drop, partition, hold)",
  usage:
    "causal-kv link <from> <to> [--delay <ms>] [--drop <rate>] [--partition] [--hold] [--heal] …",
  help: [
    "Links are one-way: from <from> to <to>. Without options, shows the link's settings.",
    "A delayed message arrives late; a dropped or partitioned one is resent until it arrives;",
    "a held one waits in the held list until released or the hold is lifted.",
    "",
    "  --delay <ms>       delay every message this long (0 to 600000)",
    "  --jitter <ms>      plus a random extra delay up to this long",
    "  --drop <rate>      lose this share of messages: 0.2 or 20%",
    "  --partition        cut the link; --no-partition restores it",
    "  --hold             hold every message; --no-hold lifts the hold and sends what it held",
    "  --release          send the messages held on the link now, oldest first",
    "  --heal             back to healthy: no delay, jitter, drops, partition or hold",
    "  --both             the same settings on <to> → <from> as well",
    "",
    "example: causal-kv link node1 node3 --delay 1500",
    "example: causal-kv link node1 node2 --partition --both",
  ],
  options: {
    delay: { type: "string" },
    jitter: { type: "string" },
    drop: { type: "string" },
    partition: { type: "boolean" },
    hold: { type: "boolean" },
    heal: { type: "boolean" },
    both: { type: "boolean" },
    release: { type: "boolean" },
  },
  async run(context) {
    expectPositionals(linkCommand, context.positionals, ["from", "to"]);
    const from = context.replicas.endpoint(context.positionals[0] ?? "").id;
    const to = context.replicas.endpoint(context.positionals[1] ?? "").id;
    if (from === to) {
      throw usageError(`link: a link joins two different replicas, not ${from} to itself`);
    }
    const update = linkUpdate(context);
    const directions: [string, string][] = context.values.both
      ? [
          [from, to],
          [to, from],
        ]
      : [[from, to]];
    const links: { from: string; to: string; link: LinkSettings; released: string[] }[] = [];
    for (const [a, b] of directions) {
      const client = context.replicas.client(a);
      // Released before the update: lifting a hold (--no-hold) sends on what it held by itself.
      const released: string[] = [];
      if (context.values.release === true) {
        const held = (await client.held()).held
          .filter((message) => message.to === b)
          .sort((x, y) => x.heldAt - y.heldAt);
        for (const { id, message } of held) {
          await client.releaseHeld(id);
          released.push(writeId(message));
        }
      }
      const link =
        update === undefined
          ? (await client.status()).links[b]
          : (await client.setLink(b, update)).link;
      if (!link) throw usageError(`${a} has no link to ${b}: it is not in ${a}'s cluster`);
      links.push({ from: a, to: b, link, released });
    }
    if (context.json) {
      context.io.stdout(JSON.stringify({ links }));
    } else {
      for (const { from: a, to: b, link, released } of links) {
        context.io.stdout(`${a} → ${b}: ${linkText(link)}`);
        if (context.values.release === true) {
          context.io.stdout(
            released.length === 0
              ? `${a} → ${b}: no held messages to release`
              : `${a} → ${b}: released ${released.join(", ")}`,
          );
        }
      }
    }
    return exitCodes.ok;
  },
};

/** The settings the options ask for, or undefined when they ask for none (show the link). */
function linkUpdate(context: CommandContext): LinkUpdate | undefined {
  const { values } = context;
  const hint = usageHint(linkCommand);
  const update: { -readonly [K in keyof LinkUpdate]: LinkUpdate[K] } = {};
  if (typeof values.delay === "string")
    update.delayMs = millisecondsOption("--delay", values.delay, hint);
  if (typeof values.jitter === "string")
    update.jitterMs = millisecondsOption("--jitter", values.jitter, hint);
  if (typeof values.drop === "string") update.dropRate = rateOption("--drop", values.drop, hint);
  if (typeof values.partition === "boolean") update.partitioned = values.partition;
  if (typeof values.hold === "boolean") update.hold = values.hold;
  if (values.heal === true) {
    if (Object.keys(update).length > 0) {
      throw usageError("link: --heal sets every fault off; give it without other settings", hint);
    }
    return { ...healthyLink };
  }
  return Object.keys(update).length === 0 ? undefined : update;
}
