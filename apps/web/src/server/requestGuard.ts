/**
 * What the lab server answers at all. The Host must be an address, localhost, this machine's name or
 * PUBLIC_HOST (a name an attacker's DNS could point here, DNS rebinding, is refused, as Vite does);
 * a browser request from another page's origin is refused before it reaches a replica, since the
 * server adds the replicas' admin token to everything it forwards.
 */

import { isIP } from "node:net";
import { hostname } from "node:os";

/** The host name of a Host header ("[::1]:3000" → "::1", "Lab.local:80" → "lab.local"). */
export function hostNameOf(host: string): string {
  const lower = host.trim().toLowerCase();
  if (lower.startsWith("[")) return lower.slice(1, lower.indexOf("]"));
  const colon = lower.lastIndexOf(":");
  return colon < 0 || lower.indexOf(":") !== colon ? lower : lower.slice(0, colon);
}

export function hostAllowed(
  host: string | undefined,
  extraNames: readonly string[],
  machineName: string = hostname(),
): boolean {
  if (!host) return false;
  const name = hostNameOf(host).replace(/\.$/, "");
  if (isIP(name) !== 0) return true;
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  const machine = machineName.toLowerCase();
  if (name === machine || name === `${machine}.local`) return true;
  return extraNames.some((extra) => extra.toLowerCase() === name);
}

/** No Origin (a server, the CLI, a same-origin read) or the page's own origin. */
export function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  if (!host || !URL.canParse(origin)) return false;
  return new URL(origin).host === new URL(`http://${host}`).host;
}
