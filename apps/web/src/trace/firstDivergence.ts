/**
 * Where two runs of a scenario first part ways, in one sentence ("here node3 applies y=2 before
 * x=1 in the naive run; the causal run buffers it"). Each replica's journal is read as what it did
 * with writes (made, buffered, applied, dropped as duplicate, restarted, caught up), not how
 * messages travelled, since retransmissions differ between any two runs; the first replica to
 * differ, by time since its run began, is the divergence.
 */
import {
  formatWriteId,
  type JournalEvent,
  type JournaledWrite,
  type ReplicaId,
  type WriteId,
} from "@causal-kv/core";
import { writeLabel } from "../diagram/writeLabel";

export interface ComparedRun {
  /** "causal", "naive", or the run's own name: what the sentence calls it. */
  readonly name: string;
  readonly replicas: readonly ReplicaId[];
  readonly journals: Readonly<Record<ReplicaId, readonly JournalEvent[]>>;
}

export interface Divergence {
  readonly replica: ReplicaId;
  /** The index in each run's journal of `replica` where they differ (absent: that one ended). */
  readonly a?: number;
  readonly b?: number;
  readonly sentence: string;
}

const kept = new Set(["write", "buffer", "deliver", "duplicate", "restart", "catch-up"]);

interface Step {
  readonly index: number;
  readonly event: JournalEvent;
  readonly key: string;
}

function stepsOf(journal: readonly JournalEvent[]): Step[] {
  const steps: Step[] = [];
  journal.forEach((event, index) => {
    if (!kept.has(event.type)) return;
    const message = messageOf(event);
    steps.push({ index, event, key: `${event.type} ${message ? idOf(message) : ""}` });
  });
  return steps;
}

export function firstDivergence(a: ComparedRun, b: ComparedRun): Divergence | undefined {
  let first: { at: number; divergence: Divergence } | undefined;
  const startOf = (run: ComparedRun) =>
    Math.min(...run.replicas.flatMap((id) => (run.journals[id] ?? []).map((e) => e.time)));
  const startA = startOf(a);
  const startB = startOf(b);
  for (const replica of a.replicas) {
    const stepsA = stepsOf(a.journals[replica] ?? []);
    const stepsB = stepsOf(b.journals[replica] ?? []);
    const at = stepsA.findIndex((step, i) => step.key !== stepsB[i]?.key);
    const i = at === -1 ? (stepsB.length > stepsA.length ? stepsA.length : -1) : at;
    if (i === -1) continue;
    const stepA = stepsA[i];
    const stepB = stepsB[i];
    const when = Math.min(
      stepA ? stepA.event.time - startA : Number.POSITIVE_INFINITY,
      stepB ? stepB.event.time - startB : Number.POSITIVE_INFINITY,
    );
    if (first && first.at <= when) continue;
    first = {
      at: when,
      divergence: {
        replica,
        ...(stepA ? { a: stepA.index } : {}),
        ...(stepB ? { b: stepB.index } : {}),
        sentence: sentence(replica, a, stepA, stepsA.slice(i), b, stepB, stepsB.slice(i)),
      },
    };
  }
  return first?.divergence;
}

function sentence(
  replica: ReplicaId,
  a: ComparedRun,
  stepA: Step | undefined,
  restA: readonly Step[],
  b: ComparedRun,
  stepB: Step | undefined,
  restB: readonly Step[],
): string {
  if (!stepA || !stepB) {
    const [ended, goes, step] = stepA ? [b, a, stepA] : [a, b, stepB];
    return `here ${replica}'s record ends in the ${ended.name} run; in the ${goes.name} run it ${step ? verb(step.event) : "goes on"}`;
  }
  // Let the run that applies too early speak first: it is what the learner must see.
  const applied = (step: Step) => step.event.type === "deliver";
  if (applied(stepB) && !applied(stepA)) return early(replica, b, stepB, restB, a, stepA);
  if (applied(stepA) && !applied(stepB)) return early(replica, a, stepA, restA, b, stepB);
  return `here ${replica} ${verb(stepA.event)} in the ${a.name} run; in the ${b.name} run it ${verb(stepB.event)}`;
}

/** "here node3 applies y=2 before x=1 in the naive run; the causal run buffers it". */
function early(
  replica: ReplicaId,
  applying: ComparedRun,
  step: Step,
  rest: readonly Step[],
  other: ComparedRun,
  otherStep: Step,
): string {
  const message = messageOf(step.event);
  const cause = message ? laterCause(message, rest) : undefined;
  const what = message ? writeLabel(message) : "a write";
  const same = messageOf(otherStep.event);
  const it = same && message && idOf(same) === idOf(message) ? "it" : undefined;
  const waits = it && otherStep.event.type === "buffer";
  const before = cause ? ` before ${writeLabel(cause)}` : waits ? " at once" : "";
  const otherDoes = waits
    ? "buffers it"
    : it
      ? `${verbOnly(otherStep.event)} it`
      : verb(otherStep.event);
  return `here ${replica} applies ${what}${before} in the ${applying.name} run; the ${other.name} run ${otherDoes}`;
}

/** A write `message` depends on that the same replica applies only later in this run. */
function laterCause(message: JournaledWrite, rest: readonly Step[]): JournaledWrite | undefined {
  for (const step of rest.slice(1)) {
    const later = messageOf(step.event);
    if (step.event.type !== "deliver" || !later) continue;
    const seq = later.clock[later.origin] ?? 0;
    if (later.origin !== message.origin || seq < (message.clock[message.origin] ?? 0))
      if ((message.clock[later.origin] ?? 0) >= seq) return later;
  }
  return undefined;
}

function verb(event: JournalEvent): string {
  const message = messageOf(event);
  return message ? `${verbOnly(event)} ${writeLabel(message)}` : verbOnly(event);
}

function verbOnly(event: JournalEvent): string {
  switch (event.type) {
    case "write":
      return "writes";
    case "buffer":
      return "buffers";
    case "deliver":
      return "applies";
    case "duplicate":
      return "drops a duplicate of";
    case "restart":
      return "restarts";
    case "catch-up":
      return `catches up from ${event.from}`;
    default:
      return event.type;
  }
}

function messageOf(event: JournalEvent): JournaledWrite | undefined {
  return "message" in event ? event.message : undefined;
}

function idOf(message: JournaledWrite): WriteId {
  return formatWriteId(message.origin, message.clock[message.origin] ?? 0);
}
