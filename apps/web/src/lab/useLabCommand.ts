/**
 * Sends the lab server a command and keeps its refusal, if any, for the control that sent it to
 * show: each command clears the last refusal first.
 */
import { useState } from "react";
import { sendCommand } from "./labRunStore";

export function useLabCommand(): {
  send: (command: Parameters<typeof sendCommand>[0], request?: unknown) => Promise<void>;
  refusal: string | undefined;
} {
  const [refusal, setRefusal] = useState<string | undefined>();
  const send = async (command: Parameters<typeof sendCommand>[0], request?: unknown) => {
    setRefusal(undefined);
    const reply = await sendCommand(command, request);
    if (!reply.ok) setRefusal(reply.message);
  };
  return { send, refusal };
}
