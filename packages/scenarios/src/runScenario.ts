/**
 * Carries out a scenario against a real cluster: resets it, puts every replica in the run's
 * delivery mode, runs the steps in order, and ends with a verdict built from the replicas' own
 * journals. The dashboard and the CLI share this runner.
 */

import type { ClientHistory, Trace } from "@causal-kv/checker";
import { ReplicaError } from "@causal-kv/client";
import {
  type DeliveryMode,
  formatWriteId,
  type JournalEvent,
  type ReplicaId,
  type WriteId,
} from "@causal-kv/core";
import { healthyLink, type LinkUpdate, type StatusResponse } from "@causal-kv/protocol";
import type { ClientExchange } from "./clientExchange.js";
import { ClientSessions } from "./clientSessions.js";
import { type Cluster, resetCluster } from "./cluster.js";
import { actOnHeldWrite, releaseNewestFirst } from "./heldSteps.js";
import type { RunPacer } from "./runPacer.js";
import type { Scenario, ScenarioStep } from "./scenario.js";
import { judgeExpectation, judgeTrace, type VerdictLine } from "./verdict.js";
import { waitUntil } from "./waitUntil.js";

/** Said first in a naive run, so nobody takes what follows for the causal lesson. */
export const naiveRunNotice =
  "This run uses naive delivery: every replica applies each write the moment it arrives, with no causal buffer. Watch what goes wrong; the verdict says what the checker found.";

/** An `ask` step as this run's delivery mode words it. */
export interface AskedQuestion {
  readonly step: number;
  readonly text: string;
  readonly choices: readonly string[];
  readonly answer: string;
  readonly explanation: string;
}

export interface ScenarioObserver {
  onStep?(index: number, step: ScenarioStep): void;
  onSay?(text: string): void;
  /**
   * A question: the run goes on once this resolves (the teacher's Next, a terminal's answer).
   * Without it a run asks nothing and goes on.
   */
  onAsk?(question: AskedQuestion, signal?: AbortSignal): Promise<void>;
  /** A check judged during the run. */
  onCheck?(line: VerdictLine): void;
  /** A named client's request as it is sent, and again once it is answered. */
  onClient?(exchange: ClientExchange): void;
}

export interface ScenarioRunOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /**
   * How every replica delivers during the run: `causal` (the default, what the scenarios teach)
   * or `naive`, to show what goes wrong without the causal buffer; the verdict then says so.
   */
  readonly delivery?: DeliveryMode;
  /** The teacher's pace: pause, step, speed. Without one the run goes at full speed. */
  readonly pacer?: RunPacer;
  /**
   * How the run's link steps are carried out; by default straight to the sending replica. The lab
   * server passes its own, which keeps links held while it freezes them.
   */
  readonly setLink?: (from: ReplicaId, to: ReplicaId, update: LinkUpdate) => Promise<void>;
  /** Once the cluster is reset and in the run's mode, before the first step (a reset heals links). */
  readonly prepared?: () => Promise<void>;
}

export interface ScenarioResult {
  readonly scenario: string;
  /** The delivery mode every replica ran the scenario in. */
  readonly delivery: DeliveryMode;
  readonly ok: boolean;
  readonly verdict: readonly VerdictLine[];
  readonly trace: Trace;
  /** What the named clients saw, if the scenario has any. */
  readonly clients: ClientHistory;
}

export async function runScenario(
  scenario: Scenario,
  cluster: Cluster,
  observer: ScenarioObserver = {},
  options: ScenarioRunOptions = {},
): Promise<ScenarioResult> {
  const delivery = options.delivery ?? "causal";
  const needed = Array.from({ length: scenario.replicas }, (_, i) => `node${i + 1}`);
  const missing = needed.filter((id) => !cluster.ids.includes(id));
  if (missing.length > 0)
    throw new Error(`"${scenario.title}" needs ${missing.join(", ")}, which this cluster lacks`);
  const { pacer, signal } = options;
  // A frozen run's waits do not time out: nothing can arrive until the teacher lets it.
  const wait = { signal, timeoutMs: options.timeoutMs, paused: () => pacer?.frozen ?? false };
  const setLink =
    options.setLink ??
    (async (from: ReplicaId, to: ReplicaId, update: LinkUpdate) => {
      await cluster.client(from).setLink(to, update);
    });
  const sleep = (ms: number) => (pacer ? pacer.sleep(ms, signal) : pause(ms, signal));
  const labels = new Map<string, WriteId>();
  const verdict: VerdictLine[] = [];
  const clients = new ClientSessions(cluster, (exchange) => observer.onClient?.(exchange));

  await resetCluster(cluster);
  // Every replica, not only the scenario's: a replica left in the other mode would deliver the
  // scenario's writes by the other rule. Only a change is sent, so the journal shows only changes.
  await Promise.all(
    cluster.ids.map(async (id) => {
      const client = cluster.client(id);
      if ((await client.status()).mode !== delivery) await client.setMode(delivery);
    }),
  );
  await options.prepared?.();
  if (delivery === "naive") observer.onSay?.(naiveRunNotice);
  for (const [index, step] of scenario.steps.entries()) {
    signal?.throwIfAborted();
    await pacer?.beforeStep(signal);
    observer.onStep?.(index, step);
    switch (step.kind) {
      case "say":
        observer.onSay?.(delivery === "naive" ? (step.naive ?? step.text) : step.text);
        break;
      case "link": {
        const update = pacer ? scaledLink(step.set, pacer) : step.set;
        await setLink(step.from, step.to, update);
        if (step.both) await setLink(step.to, step.from, update);
        break;
      }
      case "heal":
        await heal(cluster, setLink);
        break;
      case "ask": {
        const words = delivery === "naive" && step.naive ? step.naive : step;
        await observer.onAsk?.(
          {
            step: index,
            text: step.question,
            choices: step.choices,
            answer: words.answer,
            explanation: words.explanation,
          },
          signal,
        );
        break;
      }
      case "put": {
        const written = await cluster.client(step.at).put(step.key, step.value);
        labels.set(step.label, formatWriteId(written.origin, written.clock[written.origin] ?? 0));
        break;
      }
      case "client-put": {
        const written = await clients.put(step.client, step.at, step.key, step.value, step.session);
        labels.set(step.label, formatWriteId(written.origin, written.clock[written.origin] ?? 0));
        break;
      }
      case "client-get":
        await clients.get(step.client, step.at, step.key, step.session);
        break;
      case "await":
        await waitUntil(
          `${step.at} receiving ${step.has.join(", ")}`,
          async () => {
            const { clock } = await cluster.client(step.at).status();
            return step.has.every((label) => applied(clock, labels.get(label)));
          },
          wait,
        );
        break;
      case "await-arrived":
        await waitUntil(
          `${step.write} reaching ${step.at}`,
          async () => {
            const { clock, buffer } = await cluster.client(step.at).status();
            const id = labels.get(step.write);
            return (
              applied(clock, id) ||
              buffer.some(
                (entry) => formatWriteId(entry.origin, entry.clock[entry.origin] ?? 0) === id,
              )
            );
          },
          wait,
        );
        break;
      case "release-newest-first":
        await releaseNewestFirst(cluster, step, wait, sleep);
        break;
      case "release":
      case "drop":
        await actOnHeldWrite(cluster, step, labels, wait);
        break;
      case "pause":
        await sleep(step.ms);
        break;
      case "crash":
        await crash(cluster, step.replica);
        break;
      case "await-up":
        await waitUntil(
          `${step.replica} coming back`,
          async () => (await cluster.client(step.replica).health()).ok,
          wait,
        );
        break;
      case "settle":
        await settle(cluster, wait);
        break;
      case "check": {
        const { trace, statuses } = await collect(cluster);
        const line = judgeExpectation(step.expect, {
          trace,
          statuses,
          labels,
          clients: clients.history(),
        });
        verdict.push(line);
        observer.onCheck?.(line);
        break;
      }
    }
  }
  await settle(cluster, wait);
  const { trace } = await collect(cluster);
  verdict.push(...judgeTrace(trace, delivery));
  return {
    scenario: scenario.id,
    delivery,
    ok: verdict.every((line) => line.ok),
    verdict,
    trace,
    clients: clients.history(),
  };
}

async function heal(
  cluster: Cluster,
  setLink: (from: ReplicaId, to: ReplicaId, update: LinkUpdate) => Promise<void>,
): Promise<void> {
  await Promise.all(
    cluster.ids.flatMap((from) =>
      cluster.ids.filter((to) => to !== from).map((to) => setLink(from, to, healthyLink)),
    ),
  );
}

/** A link step at the run's speed: its delays stretched as the script's own are. */
function scaledLink(update: LinkUpdate, pacer: RunPacer): LinkUpdate {
  return {
    ...update,
    ...(update.delayMs === undefined ? {} : { delayMs: pacer.scale(update.delayMs) }),
    ...(update.jitterMs === undefined ? {} : { jitterMs: pacer.scale(update.jitterMs) }),
  };
}

/** The replica answers, then kills itself; an unanswered request means it died first, as asked. */
async function crash(cluster: Cluster, id: ReplicaId): Promise<void> {
  try {
    await cluster.client(id).crash();
  } catch (error) {
    if (!(error instanceof ReplicaError && !error.answered)) throw error;
  }
}

/** Quiescent: every replica up, nothing buffered or unacknowledged, all clocks equal. */
export async function settle(
  cluster: Cluster,
  wait: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<void> {
  await waitUntil(
    "the cluster settling",
    async () => {
      const statuses = await Promise.all(cluster.ids.map((id) => cluster.client(id).status()));
      const clock = JSON.stringify(statuses[0]?.clock);
      return statuses.every(
        (s) =>
          s.buffer.length === 0 &&
          Object.values(s.unacknowledged).every((n) => n === 0) &&
          JSON.stringify(s.clock) === clock,
      );
    },
    wait,
  );
}

/** Every replica's journal and reported store, as one trace. */
export async function collect(
  cluster: Cluster,
): Promise<{ trace: Trace; statuses: StatusResponse[] }> {
  const statuses = await Promise.all(cluster.ids.map((id) => cluster.client(id).status()));
  const journals: Record<ReplicaId, JournalEvent[]> = {};
  for (const id of cluster.ids) journals[id] = await cluster.client(id).journal();
  const stores = Object.fromEntries(statuses.map((s) => [s.id, s.store]));
  return { trace: { replicas: cluster.ids, journals, stores }, statuses };
}

function applied(clock: Readonly<Record<string, number>>, id: WriteId | undefined): boolean {
  if (!id) return false;
  const at = id.lastIndexOf(":");
  return (clock[id.slice(0, at)] ?? 0) >= Number(id.slice(at + 1));
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
