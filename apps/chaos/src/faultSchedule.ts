/**
 * The fault schedule of one soak, drawn up front from its seed (the simulation's fault plan, for
 * real processes): crashes that restart on the same data, partitions, delays, losses and held links,
 * each on for a while and then undone, never two of a kind on one link or replica at once, never
 * every replica down together, all undone by the end of the run.
 */

import type { Random } from "@causal-kv/core";
import type { LinkUpdate } from "@causal-kv/protocol";
import { drawSpans, type FaultShape, type Span } from "./faultSpans.js";
import { drawStorageFaults, type StorageFault } from "./storageFaults.js";

/** What becomes of the messages a held link kept: sent on, lost (and so resent), or each in turn. */
export type HeldEnding = "release" | "drop" | "alternate";

export type Fault = Span &
  (
    | { readonly kind: "crash"; readonly replica: string }
    | {
        readonly kind: "partition";
        readonly from: string;
        readonly to: string;
        readonly bothWays: boolean;
      }
    | {
        readonly kind: "delay";
        readonly from: string;
        readonly to: string;
        readonly delayMs: number;
        readonly jitterMs: number;
      }
    | {
        readonly kind: "loss";
        readonly from: string;
        readonly to: string;
        readonly dropRate: number;
      }
    | {
        readonly kind: "hold";
        readonly from: string;
        readonly to: string;
        readonly ending: HeldEnding;
      }
    | StorageFault
  );

export type FaultKind = Fault["kind"];
/** The faults every soak has drawn from its seed since the start; the rest come from a stream of their own. */
type LinkOrCrashKind = "crash" | "partition" | "delay" | "loss" | "hold";

/** One step the runner takes at `atMs` after the start. */
export type FaultAction = { readonly atMs: number } & (
  | { readonly kind: "kill"; readonly replica: string }
  | { readonly kind: "restart"; readonly replica: string }
  | {
      readonly kind: "link";
      readonly from: string;
      readonly to: string;
      readonly update: LinkUpdate;
    }
  | {
      readonly kind: "settle-held";
      readonly from: string;
      readonly to: string;
      readonly ending: HeldEnding;
    }
  /** Kill -9 and delete the data directory; its `restart` brings it back empty. */
  | { readonly kind: "wipe"; readonly replica: string }
  /** Some writes carry values of a mebibyte while on. */
  | { readonly kind: "large-values"; readonly on: boolean }
  /** A stream viewer of `replica` that asks for snapshots and never reads them, while on. */
  | { readonly kind: "silent-viewer"; readonly replica: string; readonly on: boolean }
);

export interface FaultSchedule {
  readonly durationMs: number;
  readonly faults: readonly Fault[];
  /** In time order; actions at the same moment keep the order they were made in. */
  readonly actions: readonly FaultAction[];
}

/** How many of each fault to try per ten seconds of run, and how long each lasts. */
const shapes: Record<LinkOrCrashKind, FaultShape> = {
  crash: { perTenSeconds: [1, 2], lengthMs: [300, 3000] },
  partition: { perTenSeconds: [1, 3], lengthMs: [300, 5000] },
  delay: { perTenSeconds: [1, 2], lengthMs: [1000, 8000] },
  loss: { perTenSeconds: [1, 2], lengthMs: [1000, 8000] },
  hold: { perTenSeconds: [1, 2], lengthMs: [200, 3000] },
};

/** A replica that just came back gets this long before it may be killed again. */
const crashGapMs = 500;

/**
 * The schedule of a soak. `storageRandom`, when given, adds the faults of bounded storage (see
 * storageFaults.ts), drawn after the others from their own stream so older seeds keep their faults.
 */
export function drawFaultSchedule(
  random: Random,
  members: readonly string[],
  durationMs: number,
  storageRandom?: Random,
): FaultSchedule {
  if (members.length < 2) throw new Error("a fault schedule needs at least two replicas");
  const faults: Fault[] = [];
  for (const kind of Object.keys(shapes) as LinkOrCrashKind[]) {
    for (const span of drawSpans(random, shapes[kind], durationMs)) {
      const fault = drawFault(random, kind, members, span);
      if (fits(fault, faults, members.length)) faults.push(fault);
    }
  }
  if (storageRandom) {
    for (const fault of drawStorageFaults(storageRandom, members, durationMs)) {
      if (fits(fault, faults, members.length)) faults.push(fault);
    }
  }
  faults.sort((a, b) => a.startMs - b.startMs);
  const actions = faults.flatMap(actionsOf).map((action, order) => ({ action, order }));
  actions.sort((a, b) => a.action.atMs - b.action.atMs || a.order - b.order);
  return { durationMs, faults, actions: actions.map(({ action }) => action) };
}

function drawFault(
  random: Random,
  kind: LinkOrCrashKind,
  members: readonly string[],
  span: Span,
): Fault {
  const from = random.pick(members);
  const to = random.pick(members.filter((id) => id !== from));
  switch (kind) {
    case "crash":
      return { kind, replica: from, ...span };
    case "partition":
      return { kind, from, to, bothWays: random.chance(0.5), ...span };
    case "delay":
      return {
        kind,
        from,
        to,
        delayMs: random.int(20, 400),
        jitterMs: random.int(0, 300),
        ...span,
      };
    case "loss":
      return { kind, from, to, dropRate: random.int(10, 70) / 100, ...span };
    case "hold":
      return { kind, from, to, ending: random.pick(["release", "drop", "alternate"]), ...span };
  }
}

/** The directed links a fault acts on, as `from->to`. */
function linksOf(fault: Fault): string[] {
  if (
    fault.kind !== "partition" &&
    fault.kind !== "delay" &&
    fault.kind !== "loss" &&
    fault.kind !== "hold"
  )
    return [];
  const links = [`${fault.from}->${fault.to}`];
  if (fault.kind === "partition" && fault.bothWays) links.push(`${fault.to}->${fault.from}`);
  return links;
}

function overlaps(a: Span, b: Span, marginMs: number): boolean {
  return a.startMs < b.endMs + marginMs && b.startMs < a.endMs + marginMs;
}

/** Crashes and wipes both take a replica down. */
function downReplica(fault: Fault): string | undefined {
  return fault.kind === "crash" || fault.kind === "wipe" ? fault.replica : undefined;
}

function fits(fault: Fault, chosen: readonly Fault[], replicas: number): boolean {
  const replica = downReplica(fault);
  if (replica !== undefined) {
    const down = chosen.filter(
      (other) => downReplica(other) !== undefined && overlaps(fault, other, crashGapMs),
    );
    return down.every((other) => downReplica(other) !== replica) && down.length < replicas - 1;
  }
  const same = chosen.filter((other) => other.kind === fault.kind);
  if (fault.kind === "large-values") return same.every((other) => !overlaps(fault, other, 0));
  if (fault.kind === "silent-viewer") {
    return same.every(
      (other) =>
        !overlaps(fault, other, 0) ||
        (other.kind === "silent-viewer" && other.replica !== fault.replica),
    );
  }
  const links = new Set(linksOf(fault));
  return same.every(
    (other) => !overlaps(fault, other, 0) || !linksOf(other).some((l) => links.has(l)),
  );
}

function actionsOf(fault: Fault): FaultAction[] {
  const { startMs, endMs } = fault;
  switch (fault.kind) {
    case "crash":
      return [
        { atMs: startMs, kind: "kill", replica: fault.replica },
        { atMs: endMs, kind: "restart", replica: fault.replica },
      ];
    case "partition": {
      const directions = fault.bothWays
        ? [
            [fault.from, fault.to],
            [fault.to, fault.from],
          ]
        : [[fault.from, fault.to]];
      return directions.flatMap(([from = "", to = ""]) => [
        { atMs: startMs, kind: "link", from, to, update: { partitioned: true } },
        { atMs: endMs, kind: "link", from, to, update: { partitioned: false } },
      ]);
    }
    case "delay": {
      const { from, to, delayMs, jitterMs } = fault;
      return [
        { atMs: startMs, kind: "link", from, to, update: { delayMs, jitterMs } },
        { atMs: endMs, kind: "link", from, to, update: { delayMs: 0, jitterMs: 0 } },
      ];
    }
    case "loss": {
      const { from, to, dropRate } = fault;
      return [
        { atMs: startMs, kind: "link", from, to, update: { dropRate } },
        { atMs: endMs, kind: "link", from, to, update: { dropRate: 0 } },
      ];
    }
    case "wipe":
      return [
        { atMs: startMs, kind: "wipe", replica: fault.replica },
        { atMs: endMs, kind: "restart", replica: fault.replica },
      ];
    case "large-values":
      return [
        { atMs: startMs, kind: "large-values", on: true },
        { atMs: endMs, kind: "large-values", on: false },
      ];
    case "silent-viewer":
      return [
        { atMs: startMs, kind: "silent-viewer", replica: fault.replica, on: true },
        { atMs: endMs, kind: "silent-viewer", replica: fault.replica, on: false },
      ];
    case "hold": {
      const { from, to, ending } = fault;
      // Held messages are released or dropped by hand while the link still holds; lifting the hold
      // then sends on whatever it held since.
      return [
        { atMs: startMs, kind: "link", from, to, update: { hold: true } },
        { atMs: endMs, kind: "settle-held", from, to, ending },
        { atMs: endMs, kind: "link", from, to, update: { hold: false } },
      ];
    }
  }
}

/** "3 kills, 4 partitions, …" for the summary line. */
export function describeFaults(faults: readonly Fault[]): string {
  const count = (kind: FaultKind) => faults.filter((fault) => fault.kind === kind).length;
  return [
    `${count("crash")} kill -9 + restart`,
    `${count("partition")} partitions`,
    `${count("delay")} delays`,
    `${count("loss")} lossy links`,
    `${count("hold")} held links`,
    ...(count("wipe") > 0 ? [`${count("wipe")} disk wipes`] : []),
    ...(count("large-values") > 0 ? [`${count("large-values")} spells of 1 MiB values`] : []),
    ...(count("silent-viewer") > 0 ? [`${count("silent-viewer")} viewers that never read`] : []),
  ].join(", ");
}
