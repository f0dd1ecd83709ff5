"use client";
/** One replica at a glance: connection, delivery mode, vector clock, store (with conflicts) and buffer. */
import { describeChange } from "@causal-kv/checker";
import { previewText, writeId } from "@causal-kv/core";
import { describeWait } from "../lab/describeEvent";
import type { Connection } from "../lab/labStore";
import type { ReplicaState } from "../lab/replicaState";

const connectionText = {
  connecting: "connecting…",
  up: "up",
  down: "unreachable",
  recorded: "recorded",
} as const;

export interface ReplicaPanelProps {
  readonly id: string;
  /** `recorded` for a replica of an imported trace. */
  readonly connection: Connection | "recorded";
  readonly state: ReplicaState;
  /** Set while replaying: the moment the state is from, in words. */
  readonly asOf?: string;
  readonly skipped?: number;
  /** The replica's journal starts at this seq: the history before it was compacted (0: none). */
  readonly compactedBefore?: number;
  readonly held?: number;
}

export function ReplicaPanel({
  id,
  connection,
  state,
  asOf,
  skipped = 0,
  compactedBefore = 0,
  held = 0,
}: ReplicaPanelProps) {
  const endpoint = { id };
  const keys = Object.keys(state.store);
  return (
    <section className={`replica-panel ${connection}`} aria-label={`Replica ${endpoint.id}`}>
      <header>
        <h2>{endpoint.id}</h2>
        <span className={`connection ${connection}`}>{connectionText[connection]}</span>
        {state.mode === "naive" && <span className="naive-badge">naive delivery</span>}
        {asOf && <span className="as-of">at {asOf}</span>}
      </header>
      <table
        className={Object.keys(state.clock).length > 3 ? "clock many" : "clock"}
        aria-label={`${endpoint.id} vector clock`}
      >
        <caption>clock: writes applied</caption>
        <tbody>
          <tr>
            {Object.keys(state.clock).map((id) => (
              <th key={id} scope="col">
                {/* Past three replicas, "n4" keeps five columns inside a panel a fifth wide. */}
                {Object.keys(state.clock).length > 3 ? (
                  <abbr title={id}>{id.replace(/^node/, "n")}</abbr>
                ) : (
                  id
                )}
              </th>
            ))}
          </tr>
          <tr>
            {Object.entries(state.clock).map(([id, n]) => (
              <td key={id} data-clock-entry={id}>
                {n}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <h3>Store</h3>
      {keys.length === 0 ? (
        <p className="empty">empty</p>
      ) : (
        <ul className="store" aria-label={`${endpoint.id} store`}>
          {keys.map((key) => {
            const siblings = state.store[key] ?? [];
            const conflict = siblings.length > 1;
            return (
              <li key={key} data-key={key} className={conflict ? "conflict" : undefined}>
                <code>{key}</code> ={" "}
                {siblings.map((s, i) => (
                  // By position: a new value then changes a text in place, where a key per write
                  // unmounted and mounted a node for each of a busy run's writes.
                  // biome-ignore lint/suspicious/noArrayIndexKey: siblings have no identity to keep
                  <span key={i}>
                    {i > 0 && " | "}
                    <code>{s.value === null ? "(deleted)" : previewText(s.value)}</code>
                  </span>
                ))}
                {conflict && (
                  <span className="conflict-badge"> conflict: {siblings.length} siblings</span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <h3>Buffer</h3>
      {state.buffer.length === 0 ? (
        <p className="empty">nothing waiting</p>
      ) : (
        <ul className="buffer" aria-label={`${endpoint.id} buffer`}>
          {state.buffer.map(({ message, waitingFor }) => (
            <li key={writeId(message)}>
              <code>{describeChange(message)}</code> from {message.origin} waits for{" "}
              {waitingFor.map(describeWait).join(" and ") || "its turn"}
            </li>
          ))}
        </ul>
      )}
      {skipped > 0 && (
        <p className="notice">{skipped} events were skipped while this view caught up.</p>
      )}
      {compactedBefore > 1 && (
        <p className="notice">
          History before event {compactedBefore} was compacted: {endpoint.id} keeps a bounded
          journal.
        </p>
      )}
      {held > 0 && (
        <p className="notice">
          {held} {held === 1 ? "message" : "messages"} held on outgoing links.
        </p>
      )}
    </section>
  );
}
