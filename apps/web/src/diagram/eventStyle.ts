/**
 * How each kind of journal event looks. Colors are the Okabe–Ito palette (safe for every common
 * color-vision deficiency), and every kind has its own shape too, so color is never the only cue.
 */
import type { JournalEventType } from "@causal-kv/core";

export type MarkShape = "disc" | "ring" | "square" | "cross" | "diamond" | "triangle" | "pentagon";

export interface EventStyle {
  readonly label: string;
  readonly color: string;
  readonly shape: MarkShape;
}

export const eventStyles: Readonly<Record<JournalEventType, EventStyle>> = {
  // Not a disc like "delivered": blue and green come close for a tritanope (colorVision.test.ts).
  write: { label: "local write", color: "#0072B2", shape: "pentagon" },
  send: { label: "send", color: "#56B4E9", shape: "triangle" },
  receive: { label: "receive", color: "#7f7f7f", shape: "ring" },
  buffer: { label: "buffered", color: "#E69F00", shape: "square" },
  deliver: { label: "delivered", color: "#009E73", shape: "disc" },
  duplicate: { label: "duplicate dropped", color: "#CC79A7", shape: "cross" },
  mode: { label: "mode switch, restart or catch-up", color: "#D55E00", shape: "diamond" },
  restart: { label: "restart", color: "#D55E00", shape: "diamond" },
  "catch-up": { label: "caught up from a peer", color: "#D55E00", shape: "diamond" },
};

export const arrowColor = "#4d4d4d";
/** A message still on its way: its arrow's dash and gap, in px. */
export const inFlightDash = [5, 4] as const;
export const bufferColor = "#E69F00";
/** The red of a causality violation; its mark is also a dashed octagon, so not colour alone. */
export const violationColor = "#D55E00";
/** Halos of the focused event's causal past (discs) and future (squares). */
export const coneColors = { past: "#56B4E9", future: "#CC79A7" } as const;
/** The diagram's mark for a message held on its link. */
export const heldColor = "#0072B2";

/** The corners of a regular pentagon, point up, around (x, y). */
export function pentagonPoints(x: number, y: number, size: number): [number, number][] {
  return Array.from({ length: 5 }, (_, i) => {
    const angle = -Math.PI / 2 + (i * 2 * Math.PI) / 5;
    return [x + size * 1.15 * Math.cos(angle), y + size * 1.15 * Math.sin(angle)];
  });
}
