/**
 * Carries out a scenario against a real cluster: resets it, puts every replica in the run's
 * delivery mode, runs the steps in order, and ends with a verdict built from the replicas' own
 * journals. The dashboard and the CLI share this runner.
 */

import type { ClientHistory, Trace } from "@causal-kv/checker";
import { type DeliveryMode, type ReplicaId, type WriteId, writeId } from "@causal-kv/core";
import type { LinkUpdate } from "@causal-kv/protocol";
import { awaitApplied, awaitArrived, awaitUp } from "./awaitSteps.js";
import { ClientSessions } from "./clientSessions.js";
import { type Cluster, resetCluster } from "./cluster.js";
import { collect } from "./collect.js";
import { crash } from "./crash.js";
import { actOnHeldWrite, releaseNewestFirst } from "./heldSteps.js";
import { heal, scaledLink } from "./linkSteps.js";
import { pause } from "./pause.js";
import type { Scenario } from "./scenario.js";
import type { ScenarioObserver } from "./scenarioObserver.js";
import type { ScenarioRunOptions } from "./scenarioRunOptions.js";
import { settle } from "./settle.js";
import { judgeExpectation, judgeTrace, type VerdictLine } from "./verdict.js";

/** Said first in a naive run, so nobody takes what follows for the causal lesson. */
export const naiveRunNotice =
  "This run uses naive delivery: every replica applies each write the moment it arrives, with no causal buffer. Watch what goes wrong; the verdict says what the checker found.";

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
        labels.set(step.label, writeId(written));
        break;
      }
      case "client-put": {
        const written = await clients.put(step.client, step.at, step.key, step.value, step.session);
        labels.set(step.label, writeId(written));
        break;
      }
      case "client-get":
        await clients.get(step.client, step.at, step.key, step.session);
        break;
      case "await":
        await awaitApplied(cluster, step, labels, wait);
        break;
      case "await-arrived":
        await awaitArrived(cluster, step, labels, wait);
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
        await awaitUp(cluster, step, wait);
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
