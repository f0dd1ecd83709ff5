"use client";
/**
 * Put or get a key at a chosen replica, and show what it answered. A request may be made as one
 * of the named clients (drawn on its own lane), in its causal session or not, so a class can play
 * the reply before the post by hand.
 */
import { ReplicaError } from "@causal-kv/client";
import { type FormEvent, useState } from "react";
import { clientFor } from "../lab/clusterClients";
import { formatClock } from "../lab/describeEvent";
import { recordHandAction } from "../lab/handRecording";
import { labClientNames, labClients } from "../lab/labClients";
import { useEndpoints } from "../lab/replicaSelectors";

export function WriteForm() {
  const endpoints = useEndpoints();
  const [target, setTarget] = useState("");
  const [key, setKey] = useState("x");
  const [value, setValue] = useState("1");
  const [client, setClient] = useState("");
  const [useSession, setUseSession] = useState(true);
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>();
  const endpoint = endpoints.find((e) => e.id === target) ?? endpoints[0];

  const run = async (action: "put" | "get") => {
    if (!endpoint) return;
    const named = client === "" ? undefined : client;
    const inSession = named !== undefined && useSession;
    const who = named === undefined ? "" : `${named}${inSession ? " (in a session)" : ""}: `;
    try {
      const clients = labClients(endpoints);
      const replica = clientFor(endpoint);
      if (action === "put") {
        const written = named
          ? await clients.put(named, endpoint.id, key, value, inSession)
          : await replica.put(key, value);
        recordHandAction({
          kind: "put",
          at: endpoint.id,
          key,
          value,
          ...(named ? { client: { name: named, session: inSession } } : {}),
          written,
        });
        setResult({
          ok: true,
          text: `${who}${written.origin} wrote ${key}=${value} with clock ${formatClock(written.clock)}`,
        });
      } else {
        const read = named
          ? await clients.get(named, endpoint.id, key, inSession)
          : await replica.get(key);
        // A replica's own read changes nothing; a named client's is part of its session.
        if (named)
          recordHandAction({
            kind: "get",
            at: endpoint.id,
            key,
            client: { name: named, session: inSession },
          });
        setResult({
          ok: true,
          text: `${who}${
            read
              ? `${endpoint.id} has ${key} = ${read.values.map((s) => (s.value === null ? "(deleted)" : s.value)).join(" | ")}${read.conflict ? " (conflict)" : ""}`
              : `${endpoint.id} has no value for ${key}`
          }`,
        });
      }
    } catch (error) {
      setResult({
        ok: false,
        text: `${who}${error instanceof ReplicaError ? error.message : String(error)}`,
      });
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run("put");
  };

  return (
    <form className="write-form" onSubmit={submit} aria-label="Write form">
      <label>
        Client
        <select value={client} onChange={(e) => setClient(e.target.value)}>
          <option value="">none</option>
          {labClientNames.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label className="session-switch">
        <input
          type="checkbox"
          checked={useSession}
          disabled={client === ""}
          onChange={(e) => setUseSession(e.target.checked)}
        />
        use session
      </label>
      <label>
        Replica
        <select value={endpoint?.id ?? ""} onChange={(e) => setTarget(e.target.value)}>
          {endpoints.map(({ id }) => (
            <option key={id} value={id}>
              {id}
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
          size={3}
        />
      </label>
      <label>
        Value
        <input value={value} onChange={(e) => setValue(e.target.value)} size={4} />
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
