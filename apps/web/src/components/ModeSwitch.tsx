"use client";
/**
 * Switches every replica between causal delivery and naive delivery (apply on arrival, no buffer),
 * so the live checker can show what goes wrong. The switch reads the mode from the journals.
 */
import { ReplicaError } from "@causal-kv/client";
import { useState } from "react";
import { clientFor } from "../lab/clusterClients";
import { useLab } from "../lab/labStore";
import { useEndpoints, useNaiveCount } from "../lab/replicaSelectors";

export function ModeSwitch() {
  const endpoints = useEndpoints();
  const { naive, of } = useNaiveCount();
  const imported = useLab((lab) => lab.imported);
  const [error, setError] = useState<string | undefined>();
  const mixed = naive > 0 && naive < of;
  const setMode = async (delivery: "causal" | "naive") => {
    try {
      setError(undefined);
      await Promise.all(endpoints.map((endpoint) => clientFor(endpoint).setMode(delivery)));
    } catch (e) {
      setError(e instanceof ReplicaError ? e.message : String(e));
    }
  };
  return (
    <div className={`mode-switch ${naive > 0 ? "naive" : "causal"}`}>
      <label>
        <input
          type="checkbox"
          role="switch"
          aria-checked={naive > 0 && !mixed ? "true" : mixed ? "mixed" : "false"}
          checked={naive > 0}
          disabled={imported !== undefined || of === 0}
          onChange={(e) => void setMode(e.target.checked ? "naive" : "causal")}
        />{" "}
        Naive delivery
      </label>
      <span className="mode-state">
        {mixed ? `${naive} of ${of} naive` : naive > 0 ? "no causal buffer" : "causal"}
      </span>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
