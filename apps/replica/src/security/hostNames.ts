/**
 * Host names as the replica judges them: loopback or not (only loopback is safe without
 * credentials), and the host name a Host or Origin header carries, without port or brackets.
 */
import { isIPv4, isIPv6 } from "node:net";

/** `localhost`, 127.0.0.0/8, ::1 and ::ffff:127.x.y.z, brackets and case aside. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (name === "localhost" || name === "localhost.") return true;
  if (isIPv4(name)) return name.startsWith("127.");
  if (!isIPv6(name)) return false;
  // The URL parser writes an IPv6 address in its one canonical form: ::1, ::ffff:7f00:1.
  const canonical = new URL(`http://[${name}]`).hostname.slice(1, -1);
  return canonical === "::1" || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(canonical);
}

/** The host name of a Host header (`name:port`, `[::1]:port`), lower case, without a final dot. */
export function hostNameOf(header: string): string | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::\d{1,5})?$/.exec(header.trim());
  const name = match?.[1]?.toLowerCase().replace(/\.$/, "");
  return name === undefined || name === "" ? undefined : name;
}

/** Wildcard bind addresses accept any address, so they name no host. */
export function isWildcardAddress(host: string): boolean {
  return host === "0.0.0.0" || host === "::" || host === "[::]";
}
