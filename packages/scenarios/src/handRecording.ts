/**
 * "Save as scenario": what was done by hand in the lab (links set, writes and reads, held messages
 * released or dropped), in order, as a scenario file that replays the same run. A write waits
 * first for what its replica had applied when it was made by hand, so its clock, and every
 * replica's journal, comes out the same.
 */
import { formatWriteId, type ReplicaId, type VectorClock, type WriteId } from "@causal-kv/core";
import type { LinkUpdate, ScenarioFile } from "@causal-kv/protocol";
import type { Scenario, ScenarioStep } from "./scenario.js";
import { scenarioFile } from "./scenarioFromFile.js";

/** A write as its replica answered it: who made it, with which clock. */
export interface HandWritten {
  readonly origin: ReplicaId;
  readonly clock: VectorClock;
}

export type HandAction =
  | {
      readonly kind: "link";
      readonly from: ReplicaId;
      readonly to: ReplicaId;
      readonly set: LinkUpdate;
    }
  | {
      readonly kind: "put";
      readonly at: ReplicaId;
      readonly key: string;
      readonly value: string;
      /** A named client's write, in its session or not; absent for the replica's own. */
      readonly client?: { readonly name: string; readonly session: boolean };
      readonly written: HandWritten;
    }
  | {
      readonly kind: "get";
      readonly at: ReplicaId;
      readonly key: string;
      readonly client: { readonly name: string; readonly session: boolean };
    }
  | {
      readonly kind: "release" | "drop";
      readonly from: ReplicaId;
      readonly to: ReplicaId;
      /** The held message's write, as origin:seq. */
      readonly write: WriteId;
    };

export interface SavedRunNames {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
}

export const savedRunNames: SavedRunNames = {
  id: "saved-lab-run",
  title: "Saved lab run",
  summary: "What was done by hand in the lab, replayed step by step.",
};

export function scenarioFromHandActions(
  actions: readonly HandAction[],
  replicaIds: readonly ReplicaId[],
  names: SavedRunNames = savedRunNames,
): ScenarioFile {
  const labels = new Map<WriteId, string>();
  const taken = new Set<string>();
  const links = new Map<string, LinkUpdate>();
  const actedOn = new Set<string>();
  const steps: ScenarioStep[] = [];
  let replicas = 1;
  const uses = (id: ReplicaId) => {
    const n = /^node(\d+)$/.exec(id)?.[1];
    if (n) replicas = Math.max(replicas, Number(n));
  };
  const labelFor = (key: string, value: string) => {
    const base = `${key}=${value}`.slice(0, 40);
    let label = base;
    for (let n = 2; taken.has(label); n++) label = `${base} (${n})`;
    taken.add(label);
    return label;
  };

  for (const action of actions) {
    if (action.kind === "link") {
      uses(action.from);
      uses(action.to);
      const key = `${action.from}>${action.to}`;
      links.set(key, { ...links.get(key), ...action.set });
      steps.push({ kind: "link", from: action.from, to: action.to, set: action.set });
    } else if (action.kind === "put") {
      uses(action.at);
      const seen = awaitedBefore(action.written, labels);
      if (seen.length > 0) steps.push({ kind: "await", at: action.at, has: seen });
      const label = labelFor(action.key, action.value);
      const { origin, clock } = action.written;
      labels.set(formatWriteId(origin, clock[origin] ?? 0), label);
      const { at, key, value, client } = action;
      steps.push(
        client
          ? {
              kind: "client-put",
              client: client.name,
              at,
              key,
              value,
              label,
              session: client.session,
            }
          : { kind: "put", at, key, value, label },
      );
    } else if (action.kind === "get") {
      uses(action.at);
      const { at, key, client } = action;
      steps.push({ kind: "client-get", client: client.name, at, key, session: client.session });
    } else {
      const write = labels.get(action.write);
      // A message of a write made before the recording began has no label to find it by; a
      // resent copy of one already let go need not come about again in a replay.
      const done = `${action.from}>${action.to}:${action.write}`;
      if (write === undefined || actedOn.has(done)) continue;
      actedOn.add(done);
      steps.push({ kind: action.kind, from: action.from, to: action.to, write });
    }
  }
  // The runner settles at the end: a link still cut or holding would keep it waiting forever.
  const stuck = [...links.values()].some((link) => link.hold === true || link.partitioned === true);
  if (stuck) steps.push({ kind: "heal" });
  const known = replicaIds.filter((id) => /^node\d+$/.test(id)).length;
  const scenario: Scenario = {
    ...names,
    replicas: Math.max(replicas, Math.min(known, 9), 1),
    steps: [
      {
        kind: "say",
        text: `Replaying ${actions.length} action${actions.length === 1 ? "" : "s"} done by hand in the lab.`,
      },
      ...steps,
    ],
  };
  return scenarioFile(scenario);
}

/** The labelled writes of other replicas the writer had applied: the latest of each origin. */
function awaitedBefore(written: HandWritten, labels: ReadonlyMap<WriteId, string>): string[] {
  const seen: string[] = [];
  for (const [origin, count] of Object.entries(written.clock)) {
    if (origin === written.origin || count <= 0) continue;
    // Applying the latest of an origin means all its earlier ones too (they come in order).
    for (let seq = count; seq > 0; seq--) {
      const label = labels.get(formatWriteId(origin, seq));
      if (label !== undefined) {
        seen.push(label);
        break;
      }
    }
  }
  return seen;
}
