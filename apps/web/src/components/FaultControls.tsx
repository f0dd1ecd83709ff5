"use client";
/** Fault injection per directed link (delay, jitter, loss, partition, hold), and a reset of the whole cluster. */
import { ReplicaError } from "@causal-kv/client";
import type { ReplicaId } from "@causal-kv/core";
import { healthyLink, type LinkUpdate } from "@causal-kv/protocol";
import { resetCluster } from "@causal-kv/scenarios";
import { useState } from "react";
import { clientFor, clusterFor } from "../lab/clusterClients";
import { recordHandAction, useHandRecording } from "../lab/handRecording";
import { type ReplicaView, useLab } from "../lab/labStore";
import { useEndpoints, useLinks } from "../lab/replicaSelectors";

export function FaultControls() {
  const endpoints = useEndpoints();
  const links = useLinks();
  const [error, setError] = useState<string | undefined>();
  const apply = async (
    from: ReplicaView["endpoint"],
    fromLinks: ReplicaView["links"],
    to: ReplicaId,
    update: LinkUpdate,
  ) => {
    try {
      setError(undefined);
      const { link } = await clientFor(from).setLink(to, update);
      useLab.getState().applyLinks(from.id, { ...fromLinks, [to]: link });
      recordHandAction({ kind: "link", from: from.id, to, set: update });
    } catch (e) {
      setError(e instanceof ReplicaError ? e.message : String(e));
    }
  };
  const reset = async () => {
    try {
      setError(undefined);
      await resetCluster(clusterFor(endpoints));
      useHandRecording.getState().clear();
    } catch (e) {
      setError(e instanceof ReplicaError ? e.message : String(e));
    }
  };

  return (
    <section className="fault-controls" aria-label="Fault controls">
      <header>
        <h2>Links</h2>
        <button type="button" onClick={() => void reset()}>
          Reset cluster
        </button>
      </header>
      <table>
        <thead>
          <tr>
            <th scope="col">link</th>
            <th scope="col">delay ms</th>
            <th scope="col">jitter ms</th>
            <th scope="col">drop %</th>
            <th scope="col">cut</th>
            <th scope="col">hold</th>
          </tr>
        </thead>
        <tbody>
          {endpoints.flatMap((from, i) =>
            endpoints
              .filter((to) => to !== from)
              .map(({ id: to }) => {
                const fromLinks = links[i] ?? {};
                const link = fromLinks[to] ?? healthyLink;
                const name = `${from.id} → ${to}`;
                return (
                  <tr key={name} className={link.partitioned ? "partitioned" : undefined}>
                    <th scope="row">{name}</th>
                    <td>
                      <NumberField
                        label={`delay ${name}`}
                        value={link.delayMs}
                        onCommit={(delayMs) => apply(from, fromLinks, to, { delayMs })}
                      />
                    </td>
                    <td>
                      <NumberField
                        label={`jitter ${name}`}
                        value={link.jitterMs}
                        onCommit={(jitterMs) => apply(from, fromLinks, to, { jitterMs })}
                      />
                    </td>
                    <td>
                      <NumberField
                        label={`drop % ${name}`}
                        value={Math.round(link.dropRate * 100)}
                        max={100}
                        onCommit={(percent) =>
                          apply(from, fromLinks, to, { dropRate: percent / 100 })
                        }
                      />
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`partition ${name}`}
                        checked={link.partitioned}
                        onChange={(e) =>
                          void apply(from, fromLinks, to, { partitioned: e.target.checked })
                        }
                      />
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`hold ${name}`}
                        checked={link.hold}
                        onChange={(e) =>
                          void apply(from, fromLinks, to, { hold: e.target.checked })
                        }
                      />
                    </td>
                  </tr>
                );
              }),
          )}
        </tbody>
      </table>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** A number input that commits on Enter or when it loses focus, so typing "1500" sends one update. */
function NumberField({
  label,
  value,
  max,
  onCommit,
}: {
  label: string;
  value: number;
  max?: number;
  onCommit: (n: number) => void;
}) {
  const [draft, setDraft] = useState<string | undefined>();
  const commit = () => {
    if (draft === undefined) return;
    const n = Number(draft);
    setDraft(undefined);
    if (draft.trim() !== "" && Number.isFinite(n) && n >= 0 && n !== value) onCommit(n);
  };
  return (
    <input
      type="number"
      min={0}
      max={max}
      step={1}
      aria-label={label}
      value={draft ?? String(value)}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === "Enter" && commit()}
      className="number-field"
    />
  );
}
