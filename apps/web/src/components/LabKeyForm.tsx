"use client";
/**
 * A lab with a LAB_KEY: a watcher sees a "watching" badge and a "Lab key" field; entering the key
 * makes the server set this browser's controller cookie (HTTP-only: the page never holds the key).
 */
import { type FormEvent, useState } from "react";
import { z } from "zod";
import type { LabAccess } from "../server/labAccess";

const accessSchema = z.object({
  keyRequired: z.boolean(),
  role: z.enum(["controller", "watcher"]),
});

async function sendKey(method: "POST" | "DELETE", key?: string): Promise<LabAccess | string> {
  const response = await fetch("/lab/key", {
    method,
    headers: key === undefined ? {} : { "content-type": "application/json" },
    body: key === undefined ? undefined : JSON.stringify({ key }),
  });
  const access = accessSchema.safeParse(await response.json().catch(() => undefined));
  if (response.ok && access.success) return access.data;
  return `The lab answered ${response.status}.`;
}

export function LabKeyForm({
  access,
  onChange,
}: {
  access: LabAccess;
  onChange: (access: LabAccess) => void;
}) {
  const [key, setKey] = useState("");
  const [problem, setProblem] = useState<string | undefined>();
  if (!access.keyRequired) return null;

  const answer = (result: LabAccess | string) => {
    if (typeof result === "string") return setProblem(result);
    if (result.role === "watcher" && access.role === "watcher")
      return setProblem("That is not the lab key.");
    setProblem(undefined);
    setKey("");
    onChange(result);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void sendKey("POST", key).then(answer, (error: unknown) => setProblem(String(error)));
  };

  if (access.role === "controller") {
    return (
      <div className="lab-key">
        <span className="role-badge controlling">controlling</span>
        <button type="button" onClick={() => void sendKey("DELETE").then(answer)}>
          Forget key
        </button>
      </div>
    );
  }
  return (
    <form className="lab-key" aria-label="Lab key form" onSubmit={submit}>
      <span className="role-badge watching" role="status">
        watching
      </span>
      <label>
        Lab key{" "}
        <input
          type="password"
          autoComplete="off"
          value={key}
          onChange={(event) => setKey(event.target.value)}
        />
      </label>
      <button type="submit" disabled={key === ""}>
        Enter
      </button>
      {problem && (
        <span className="error" role="alert">
          {problem}
        </span>
      )}
    </form>
  );
}
