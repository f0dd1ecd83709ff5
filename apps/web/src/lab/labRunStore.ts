/**
 * The lab's shared run as this browser sees it: the state the lab server publishes on its own
 * stream (`/lab/socket.io`), this viewer's role and answer, and the commands it sends. Every
 * message is parsed with the protocol's schema; a command resolves with the server's reply, or
 * with a refusal when no reply comes.
 */
import {
  type CommandReply,
  commandReplySchema,
  type LabClientToServerEvents,
  type LabServerToClientEvents,
  type LabState,
  labRoleSchema,
  labSocketPath,
  labStateSchema,
} from "@causal-kv/protocol";
import type { ClientExchange } from "@causal-kv/scenarios";
import { io, type Socket } from "socket.io-client";
import { z } from "zod";
import { create } from "zustand";
import { useLab } from "./labStore";

type LabSocket = Socket<LabServerToClientEvents, LabClientToServerEvents>;

const viewerSchema = z.object({ role: labRoleSchema, answered: z.string().optional() });

export interface LabRunView {
  readonly connected: boolean;
  readonly state: LabState | undefined;
  readonly role: "controller" | "watcher" | undefined;
  /** This viewer's choice for the open question. */
  readonly answered: string | undefined;
}

export const useLabRun = create<LabRunView>()(() => ({
  connected: false,
  state: undefined,
  role: undefined,
  answered: undefined,
}));

let socket: LabSocket | undefined;

/** One id per browser, kept across reloads, so an answer is counted once per device. */
function viewerId(): string {
  const key = "causal-kv-viewer";
  const known = window.localStorage.getItem(key);
  if (known) return known;
  const made = crypto.randomUUID();
  window.localStorage.setItem(key, made);
  return made;
}

/** Connects (again, after the lab key changed this viewer's role); returns the disconnect. */
export function connectLabRun(): () => void {
  socket?.disconnect();
  const connection: LabSocket = io(window.location.origin, {
    path: labSocketPath,
    auth: { viewer: viewerId() },
  });
  socket = connection;
  let runNumber: number | undefined;
  let exchangesShown = "";
  connection.on("connect", () => useLabRun.setState({ connected: true }));
  connection.on("disconnect", () => useLabRun.setState({ connected: false }));
  connection.on("viewer", (payload) => {
    const parsed = viewerSchema.safeParse(payload);
    if (parsed.success)
      useLabRun.setState({ role: parsed.data.role, answered: parsed.data.answered });
  });
  connection.on("state", (payload) => {
    const parsed = labStateSchema.safeParse(payload);
    if (!parsed.success) return;
    const state = parsed.data;
    const number = state.run?.number;
    const lab = useLab.getState();
    if (number !== runNumber) {
      // A new run: its requests replace the last run's, and the diagram follows it.
      runNumber = number;
      useLabRun.setState({ answered: undefined });
      if (number !== undefined) {
        lab.setFollow(true);
        lab.select(undefined);
      }
    }
    const running = state.run?.phase === "running";
    if (lab.scenarioRunning !== running) lab.setScenarioRunning(running);
    // Only a change of the run's requests replaces the lane's: requests made by hand after the
    // run stay until the next one.
    const exchanges = JSON.stringify(state.exchanges);
    if (number !== undefined && exchanges !== exchangesShown) {
      exchangesShown = exchanges;
      lab.replaceExchanges(state.exchanges as readonly ClientExchange[]);
    }
    // A question closed or a new one opened: this viewer's old answer no longer applies.
    const question = state.run?.question;
    if (!question?.open && useLabRun.getState().answered !== undefined)
      useLabRun.setState({ answered: undefined });
    useLabRun.setState({ state });
  });
  return () => {
    connection.disconnect();
    if (socket === connection) socket = undefined;
  };
}

type Command = keyof LabClientToServerEvents;

/** Sends a command and resolves with the server's reply (a refusal says why). */
export function sendCommand(name: Command, request?: unknown): Promise<CommandReply> {
  const connection = socket;
  if (!connection?.connected)
    return Promise.resolve({
      ok: false,
      code: "not-connected",
      message: "the lab server is not connected; try again in a moment",
    });
  return new Promise((resolve) => {
    const reply = (answer: unknown) => {
      const parsed = commandReplySchema.safeParse(answer);
      resolve(
        parsed.success
          ? parsed.data
          : { ok: false, code: "bad-reply", message: "the lab server's reply was not understood" },
      );
    };
    const timed = connection.timeout(10_000);
    const emit = timed.emit as unknown as (...args: unknown[]) => void;
    const callback = (error: Error | null, answer?: unknown) =>
      error
        ? resolve({ ok: false, code: "timeout", message: "the lab server did not answer" })
        : reply(answer);
    if (request === undefined) emit.call(timed, name, callback);
    else emit.call(timed, name, request, callback);
  });
}
