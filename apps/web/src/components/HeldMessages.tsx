"use client";
/**
 * Oddity-style stepping: messages caught on held links, each released or dropped by hand, in any
 * order, to build any interleaving (a click on one on the diagram releases it too). Hold a link in
 * the Links table, or turn on Step messages, to catch its messages.
 */
import { describeChange } from "@causal-kv/checker";
import { ReplicaError } from "@causal-kv/client";
import { writeId } from "@causal-kv/core";
import { useState } from "react";
import { describeWait } from "../lab/describeEvent";
import { actOnHeld } from "../lab/heldActions";
import type { ReplicaView } from "../lab/labStore";
import { useHolding } from "../lab/replicaSelectors";

export function HeldMessages() {
  const holding = useHolding();
  const [error, setError] = useState<string | undefined>();
  const held = holding.flatMap((view) => view.held.map((h) => ({ ...h, view })));
  const act = async (view: ReplicaView, id: string, action: "release" | "drop") => {
    try {
      setError(undefined);
      await actOnHeld(view, id, action);
    } catch (e) {
      setError(e instanceof ReplicaError ? e.message : String(e));
    }
  };
  return (
    <section className="held-messages" aria-label="Held messages">
      <h2>Held messages</h2>
      {held.length === 0 ? (
        <p className="empty">None. Tick “hold” on a link to catch its messages here.</p>
      ) : (
        <ul>
          {held.map((h) => {
            const what = `${describeChange(h.message)} (${describeWait(writeId(h.message))}) ${h.view.endpoint.id} → ${h.to}`;
            return (
              <li key={h.id} data-held-item={h.id}>
                <span className="held-what">{what}</span>
                <button
                  type="button"
                  aria-label={`Release ${what}`}
                  onClick={() => void act(h.view, h.id, "release")}
                >
                  Release
                </button>
                <button
                  type="button"
                  aria-label={`Drop ${what}`}
                  onClick={() => void act(h.view, h.id, "drop")}
                >
                  Drop
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
