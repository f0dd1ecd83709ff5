"use client";
/** Put or get a key at a chosen replica, and show what it answered. */
import { ReplicaError } from "@causal-kv/client";
import { type FormEvent, useState } from "react";
import { clientFor } from "../lab/clusterClients";
import { formatClock } from "../lab/describeEvent";
import { useLab } from "../lab/labStore";

export function WriteForm() {
  const replicas = useLab((lab) => lab.replicas);
  const [target, setTarget] = useState("");
  const [key, setKey] = useState("x");
  const [value, setValue] = useState("1");
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>();
  const endpoint =
    replicas.find((v) => v.endpoint.id === target)?.endpoint ?? replicas[0]?.endpoint;

  const run = async (action: "put" | "get") => {
    if (!endpoint) return;
    try {
      const client = clientFor(endpoint);
      if (action === "put") {
        const written = await client.put(key, value);
        setResult({
          ok: true,
          text: `${written.origin} wrote ${key}=${value} with clock ${formatClock(written.clock)}`,
        });
      } else {
        const read = await client.get(key);
        setResult({
          ok: true,
          text: read
            ? `${endpoint.id} has ${key} = ${read.values.map((s) => (s.value === null ? "(deleted)" : s.value)).join(" | ")}${read.conflict ? " (conflict)" : ""}`
            : `${endpoint.id} has no value for ${key}`,
        });
      }
    } catch (error) {
      setResult({ ok: false, text: error instanceof ReplicaError ? error.message : String(error) });
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run("put");
  };

  return (
    <form className="write-form" onSubmit={submit} aria-label="Write form">
      <label>
        Replica
        <select value={endpoint?.id ?? ""} onChange={(e) => setTarget(e.target.value)}>
          {replicas.map((v) => (
            <option key={v.endpoint.id} value={v.endpoint.id}>
              {v.endpoint.id}
            </option>
          ))}
        </select>
      </label>
      <label>
        Key
        <input
          value={key}
          onChange={(e) => setKey(e.target.value)}
          maxLength={256}
          required
          size={6}
        />
      </label>
      <label>
        Value
        <input value={value} onChange={(e) => setValue(e.target.value)} size={8} />
      </label>
      <button type="submit">Put</button>
      <button type="button" onClick={() => void run("get")}>
        Get
      </button>
      {result && (
        <output className={result.ok ? "result" : "result error"} aria-live="polite">
          {result.text}
        </output>
      )}
    </form>
  );
}
