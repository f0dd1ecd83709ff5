/**
 * Who may change the lab. Without a LAB_KEY everyone controls; with one, only a browser holding the
 * controller cookie, which the server sets when the key is entered. The cookie is an HMAC of the key,
 * so it stays valid across restarts and dies when the key changes, and it is HTTP-only and SameSite
 * strict, so neither page scripts nor other sites' requests can use it.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const controllerCookie = "causal-kv-lab";

export type LabRole = "controller" | "watcher";

export interface LabAccess {
  readonly keyRequired: boolean;
  readonly role: LabRole;
}

function controllerToken(labKey: string): string {
  return createHmac("sha256", labKey).update("causal-kv lab controller").digest("base64url");
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The value of one cookie in a Cookie header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

export function labAccess(labKey: string | undefined, cookie: string | undefined): LabAccess {
  if (labKey === undefined) return { keyRequired: false, role: "controller" };
  const held = cookie !== undefined && sameText(cookie, controllerToken(labKey));
  return { keyRequired: true, role: held ? "controller" : "watcher" };
}

export function keyMatches(labKey: string, entered: string): boolean {
  return sameText(entered, labKey);
}

/** The Set-Cookie header that makes a browser a controller (or, with maxAge 0, a watcher again). */
export function controllerCookieHeader(labKey: string, secure: boolean, maxAgeS: number): string {
  const value = maxAgeS > 0 ? controllerToken(labKey) : "";
  const flags = ["Path=/", "HttpOnly", "SameSite=Strict", `Max-Age=${maxAgeS}`];
  if (secure) flags.push("Secure");
  return `${controllerCookie}=${value}; ${flags.join("; ")}`;
}

/**
 * A request that would change the cluster: anything but a read, except the Socket.IO stream, whose
 * polling transport posts frames to keep a viewer's stream alive.
 */
export function changesState(method: string | undefined, replicaPath: string): boolean {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return false;
  return !(replicaPath === "/socket.io" || replicaPath.startsWith("/socket.io/"));
}
